"""Array indices the kernel knows to be non-negative.

numba reads ``a[i]`` with a signed ``i`` as Python does, wrapping a negative
``i`` around from the end, which costs a sign test and a load of the array's
length at every access. The kernel's indices are never negative, so at its
hot accesses (a card per deal, a chart cell per decision, the true count, a
hand's slot, the tables by true count) it passes them through :func:`ix`, an
unsigned view of the same number, for which numba emits a plain address
computation (about 7-10 % of the speed, docs/benchmarks.md). An unsigned
value must only index: mixed with signed integers in arithmetic numba
would make it a float.
"""

from numba import njit, uint64


@njit(_nrt=False, error_model="numpy", inline="always")
def ix(i):
    """``i`` (>= 0) as an unsigned array index."""
    return uint64(i)
