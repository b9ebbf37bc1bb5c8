/**
 * The benchmark harness in a process of its own (perf/harness.ts starts it):
 * every workload in every mode, the result as JSON on stdout.
 */
import { BENCH_WORKLOAD_NAMES, runBench } from '@pvlab/hypervisor';

process.stdout.write(JSON.stringify(runBench({ workloads: BENCH_WORKLOAD_NAMES, modes: ['native', 'paravirt', 'trap'], repeat: 3 })));
