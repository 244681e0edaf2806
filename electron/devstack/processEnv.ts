// Environment for a process that runs the embedded stack on its own (`devstackHost`, the benchmarks' children).
//
// Both servers keep the bytes they are sent: the broker its log, the CQL store its rows. Node allocates that memory with
// malloc, in 4 KiB pages, and on a virtual machine each first touch of a fresh page is a trap into the hypervisor: on
// the project's VM, storing 700 bytes into fresh memory costs ~2.6 µs, storing them into reused memory 0.06 µs
// (docs/benchmarks.md). glibc's tunables make malloc ask for transparent huge pages (one fault per 2 MiB instead of per
// 4 KiB) and keep freed memory for reuse instead of handing it back to the kernel at once. Other C libraries ignore
// the variable, and a GLIBC_TUNABLES the user set is left alone.
const TUNABLES = [
  'glibc.malloc.hugetlb=1',
  // Freed memory at the top of the heap stays for reuse up to 64 MiB (default 128 KiB): socket reads and request frames
  // come and go at a steady rate, and returning them to the kernel means faulting them in again a moment later.
  'glibc.malloc.trim_threshold=67108864',
  'glibc.malloc.top_pad=16777216',
  // Allocations up to 4 MiB come from the heap (reused) rather than a fresh mmap each (default 128 KiB).
  'glibc.malloc.mmap_threshold=4194304',
].join(':');

/** `env` plus the malloc tunables above, unless GLIBC_TUNABLES is already set. */
export function devstackProcessEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return env.GLIBC_TUNABLES === undefined ? { ...env, GLIBC_TUNABLES: TUNABLES } : env;
}
