"""This process's peak resident memory, for the benchmarks' figures."""

from __future__ import annotations


def own_peak_mb() -> float:
    """This process's own peak RSS in MB.

    Not `ru_maxrss` where /proc can tell: Linux carries the parent's high-water mark into a
    child started by vfork + exec (as `subprocess` does), so a child of a parent that once
    held 200 MB reports at least 200 MB whatever it used itself. VmHWM is the peak of the
    process's own address space, which starts afresh at exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not on Windows; /proc answers on Linux

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
