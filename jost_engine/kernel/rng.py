"""The kernel's random generator: xoshiro256** seeded from ``SeedSequence``.

A chunk's stream is fixed by ``(run.seed, chunk index)`` alone: numpy's
``SeedSequence(seed, spawn_key=(chunk,))`` expands them into the 256-bit state,
so chunks are independent streams whatever worker runs them, in any order.
The generator itself is a few integer operations inlined into the kernel,
which is what keeps the per-card cost low (design.md, Targets).
"""

import numpy as np
from numba import njit, uint64

_MASK32 = uint64(0xFFFFFFFF)


def chunk_state(seed, chunk_index):
    """Return the xoshiro256** state of one chunk.

    Parameters
    ----------
    seed : int
        ``run.seed`` of the config, a non-negative integer.
    chunk_index : int
        Index of the chunk in the job, from 0.

    Returns
    -------
    numpy.ndarray
        Four ``uint64`` words, never all zero.
    """
    sequence = np.random.SeedSequence(int(seed), spawn_key=(int(chunk_index),))
    state = sequence.generate_state(4, dtype=np.uint64)
    if not state.any():  # pragma: no cover - probability 2**-256
        state[0] = 1
    return state


@njit(_nrt=False, error_model="numpy", inline="always")
def _rotl(x, k):
    return (x << uint64(k)) | (x >> uint64(64 - k))


@njit(_nrt=False, error_model="numpy", inline="always")
def next_u64(state):
    """Advance ``state`` (uint64[4]) and return the next 64-bit output."""
    s0 = state[0]
    s1 = state[1]
    s2 = state[2]
    s3 = state[3]
    result = _rotl(s1 * uint64(5), 7) * uint64(9)
    t = s1 << uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    state[0] = s0
    state[1] = s1
    state[2] = s2
    state[3] = s3
    return result


@njit(_nrt=False, error_model="numpy", inline="always")
def below(state, n):
    """Return an unbiased integer in ``[0, n)`` for ``0 < n < 2**32``.

    Lemire's multiply-and-shift with rejection: exact, and the rejection
    branch runs with probability below ``n / 2**32``.
    """
    bound = uint64(n)
    m = (next_u64(state) >> uint64(32)) * bound
    low = m & _MASK32
    if low < bound:
        threshold = (uint64(0x100000000) - bound) % bound
        while low < threshold:
            m = (next_u64(state) >> uint64(32)) * bound
            low = m & _MASK32
    return np.int64(m >> uint64(32))
