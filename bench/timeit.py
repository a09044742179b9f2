"""timeit.py OUT ERR CMD...: run CMD once with its standard output in OUT and
its standard error in ERR; print its wall time in seconds (to 0.1 ms, read
around the child alone, so this script's own start is not in it) and its
peak resident memory in KiB (the child's ru_maxrss). Exit with CMD's status.
GNU time's %e has 10 ms steps, too coarse for a study-sized run."""
import resource
import subprocess
import sys
import time

out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, "wb") as o, open(err, "wb") as e:
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, stdout=o, stderr=e)
    wall = time.perf_counter() - t0
print(f"{wall:.4f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(rc)
