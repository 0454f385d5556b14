/**
 * CPU time and memory of this process and all its descendants (Chromium's processes, ffmpeg),
 * read from /proc. On a shared machine wall time is noisy; CPU seconds of the whole tree are not.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

type ProcessSample = {
  kind: string;
  cpuSec: number;
  rssBytes: number;
  /** Threads running or waiting for a core right now. */
  runnableThreads: number;
};

function runnableThreads(pid: number): number {
  let count = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        if (stat[stat.lastIndexOf(")") + 2] === "R") count++;
      } catch {
        // The thread ended.
      }
    }
  } catch {
    // The process ended.
  }
  return count;
}

/** What a process is: Chromium's --type (renderer, gpu-process, …), else its executable's name. */
function kindOf(pid: number): string | null {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return null;
  }
  // Chromium rewrites its children's command lines into one space-separated string.
  const args = cmdline.split(/[\0 ]/).filter(Boolean);
  // A process that is exiting (or a kernel thread) has no command line: keep its earlier kind.
  if (args.length === 0) return null;
  const type = args.find((a) => a.startsWith("--type="))?.slice(7);
  if (type === "utility") {
    const sub = args.find((a) => a.startsWith("--utility-sub-type="));
    return `utility (${sub?.split(".").at(-1) ?? "?"})`;
  }
  if (type) return type;
  const exe = (args[0] ?? "?").split("/").at(-1) ?? "?";
  return /chrom/.test(exe) ? "browser" : exe;
}

/** Every process in this process's tree, with its CPU seconds so far and resident memory. */
export function sampleTree(root = process.pid): Map<number, ProcessSample> {
  const parents = new Map<number, number>();
  const stats = new Map<number, { cpuSec: number; rssBytes: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which may itself contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      stats.set(Number(entry), {
        cpuSec: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
        rssBytes: Number(fields[21]) * 4096,
      });
    } catch {
      // The process ended between listing and reading.
    }
  }
  const inTree = (pid: number): boolean =>
    pid === root || (pid > 1 && inTree(parents.get(pid) ?? 0));
  const tree = new Map<number, ProcessSample>();
  for (const [pid, stat] of stats) {
    if (!inTree(pid)) continue;
    tree.set(pid, {
      kind: kindOf(pid) ?? "",
      ...stat,
      runnableThreads: runnableThreads(pid),
    });
  }
  return tree;
}

export type TreeUsage = {
  /** CPU seconds used by the tree since start(), by kind of process. */
  cpuByKind: Map<string, number>;
  cpuSec: number;
  /** The largest sum of resident memory over the tree seen while sampling. */
  peakRssBytes: number;
  /**
   * The tree's threads that were running or waiting for a core, on average over the samples. On a
   * shared machine this says whether the render has work for every core (at least as many
   * runnable threads as cores) even when it only gets a share of them. Backlogs under contention
   * raise it somewhat, so it is an upper bound on what an idle machine would see.
   */
  meanRunnableThreads: number;
};

/**
 * Samples the tree every `intervalMs` until stop(). Processes that start after start() count from
 * zero; a process that ends loses at most its last interval.
 */
export function meterTree(intervalMs = 250) {
  const baseline = new Map<number, number>();
  for (const [pid, s] of sampleTree()) baseline.set(pid, s.cpuSec);
  const last = new Map<number, { kind: string; cpuSec: number }>();
  let peakRssBytes = 0;
  // Reading /proc costs a few ms per sample; that is the meter's, not the render's.
  let meterCpuSec = 0;
  let runnableSum = 0;
  let samples = 0;
  const sample = () => {
    const before = process.cpuUsage();
    let rss = 0;
    // The meter itself is running while it samples: not counted.
    let runnable = -1;
    for (const [pid, s] of sampleTree()) {
      // A process is classified on every sample: right after fork it still has its parent's name.
      last.set(pid, {
        kind: s.kind || (last.get(pid)?.kind ?? "?"),
        cpuSec: s.cpuSec,
      });
      rss += s.rssBytes;
      runnable += s.runnableThreads;
    }
    peakRssBytes = Math.max(peakRssBytes, rss);
    runnableSum += Math.max(0, runnable);
    samples++;
    const used = process.cpuUsage(before);
    meterCpuSec += (used.user + used.system) / 1e6;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): TreeUsage {
      clearInterval(timer);
      sample();
      const cpuByKind = new Map<string, number>();
      for (const [pid, { kind, cpuSec }] of last) {
        const used =
          cpuSec -
          (baseline.get(pid) ?? 0) -
          (pid === process.pid ? meterCpuSec : 0);
        cpuByKind.set(kind, (cpuByKind.get(kind) ?? 0) + used);
      }
      const cpuSec = [...cpuByKind.values()].reduce((a, b) => a + b, 0);
      return {
        cpuByKind,
        cpuSec,
        peakRssBytes,
        meanRunnableThreads: runnableSum / Math.max(1, samples),
      };
    },
  };
}
