"""The kernel's random generator: xoshiro256**, reseeded at every shuffle.

The stream is keyed by position, not by consumption (common shoes,
docs/studies.md): a chunk has one 64-bit key, drawn by numpy's
``SeedSequence(seed, spawn_key=(chunk,))`` from ``(run.seed, chunk index)``
alone, and shoe ``k`` of the chunk (counted from 0 at the chunk's start) is
dealt from the generator state :func:`reseed` derives from ``(key, k)``. So
shoe ``k`` is the same whatever earlier shoes consumed, in every variant of a
game, on any worker, in any order. In a game reshuffled every round, round
``k`` is shoe ``k``.

:func:`reseed` fills the four xoshiro words with four consecutive outputs of
SplitMix64 started at ``key + 4 k`` steps: a few integer operations per
shoe, no allocation. SplitMix64's output function is a bijection of 64-bit
words applied to four distinct inputs, so the state is never all zero. The
generator itself is a few integer operations inlined into the kernel, which
is what keeps the per-card cost low (design.md, Targets).
"""

import numpy as np
from numba import njit, uint64

_MASK32 = uint64(0xFFFFFFFF)
_GAMMA = uint64(0x9E3779B97F4A7C15)  # SplitMix64's increment (odd)
_MIX1 = uint64(0xBF58476D1CE4E5B9)
_MIX2 = uint64(0x94D049BB133111EB)


def chunk_key(seed, chunk_index):
    """Return the 64-bit key of one chunk's random stream.

    Parameters
    ----------
    seed : int
        ``run.seed`` of the config, a non-negative integer.
    chunk_index : int
        Index of the chunk in the job, from 0.

    Returns
    -------
    numpy.uint64
        The key :func:`reseed` combines with a shoe's index.
    """
    sequence = np.random.SeedSequence(int(seed), spawn_key=(int(chunk_index),))
    return sequence.generate_state(1, dtype=np.uint64)[0]


@njit(_nrt=False, error_model="numpy", inline="always")
def _mix(z):
    """SplitMix64's output function (a bijection of 64-bit words)."""
    z = (z ^ (z >> uint64(30))) * _MIX1
    z = (z ^ (z >> uint64(27))) * _MIX2
    return z ^ (z >> uint64(31))


@njit(_nrt=False, error_model="numpy", inline="always")
def reseed(state, key, index):
    """Set ``state`` (uint64[4]) to the start of stream ``index`` of ``key``.

    Parameters
    ----------
    state : numpy.ndarray
        The generator state (uint64[4]), overwritten.
    key : numpy.uint64
        The chunk's key (:func:`chunk_key`).
    index : int
        The shoe's index in the chunk, from 0 (below ``2**62``).
    """
    z = uint64(key) + uint64(index) * uint64(4) * _GAMMA
    for i in range(4):
        z += _GAMMA
        state[i] = _mix(z)


def shoe_state(key, index):
    """The generator state shoe ``index`` of a chunk starts from (for tests).

    Returns
    -------
    numpy.ndarray
        Four ``uint64`` words, never all zero.
    """
    state = np.zeros(4, dtype=np.uint64)
    _reseed_py(state, np.uint64(key), int(index))
    return state


@njit(_nrt=False, error_model="numpy")
def _reseed_py(state, key, index):
    reseed(state, key, index)


@njit(_nrt=False, error_model="numpy", inline="always")
def _rotl(x, k):
    return (x << uint64(k)) | (x >> uint64(64 - k))


@njit(_nrt=False, error_model="numpy", inline="always")
def next_u64(s0, s1, s2, s3):
    """One step of xoshiro256** on a state held in four local words.

    Returns
    -------
    tuple
        The 64-bit output and the new state ``(out, s0, s1, s2, s3)``;
        kept in locals (registers), not in an array, by the shuffle loop.
    """
    result = _rotl(s1 * uint64(5), 7) * uint64(9)
    t = s1 << uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    return result, s0, s1, s2, s3


@njit(_nrt=False, error_model="numpy", inline="always")
def below(s0, s1, s2, s3, n):
    """An unbiased integer in ``[0, n)`` for ``0 < n < 2**32``, and the new state.

    Lemire's multiply-and-shift with rejection: exact, and the rejection
    branch runs with probability below ``n / 2**32``.

    Returns
    -------
    tuple
        ``(value, s0, s1, s2, s3)``.
    """
    bound = uint64(n)
    r, s0, s1, s2, s3 = next_u64(s0, s1, s2, s3)
    m = (r >> uint64(32)) * bound
    low = m & _MASK32
    if low < bound:
        threshold = (uint64(0x100000000) - bound) % bound
        while low < threshold:
            r, s0, s1, s2, s3 = next_u64(s0, s1, s2, s3)
            m = (r >> uint64(32)) * bound
            low = m & _MASK32
    return np.int64(m >> uint64(32)), s0, s1, s2, s3
