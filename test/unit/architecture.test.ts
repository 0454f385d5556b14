import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The dependency direction of src/, checked on the import lines (values and types alike):
 * job handlers call services; services call the database, the pipeline, the platforms and only
 * the queue API of src/jobs; the pipeline and the platforms know neither the database nor the
 * services. The rules are plain functions over an import graph, so they are tested on a made-up
 * graph too: a rule that could never fail would be worth nothing.
 */

type Graph = Map<string, string[]>;

const QUEUE_API = "src/jobs/queues.ts";

const isIn = (file: string, folder: string) =>
  file.startsWith(`${folder}/`) || file === `${folder}.ts`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.posix.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The project file an import names, or null for a package (`zod`, `node:fs`). */
function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith("."))
    base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
  const found = candidates.find(
    (file) => existsSync(file) && statSync(file).isFile(),
  );
  if (!found) throw new Error(`${from}: cannot resolve "${specifier}"`);
  return found;
}

/** Every file under src/ and the project files it imports. */
function importGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles("src")) {
    const { importedFiles } = ts.preProcessFile(
      readFileSync(file, "utf8"),
      true,
      true,
    );
    graph.set(
      file,
      importedFiles
        .map(({ fileName }) => resolveImport(file, fileName))
        .filter((target): target is string => target !== null),
    );
  }
  return graph;
}

/** Services may reach into src/jobs only through the queue API. */
function servicesIntoJobs(graph: Graph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    isIn(file, "src/services")
      ? targets
          .filter((t) => isIn(t, "src/jobs") && t !== QUEUE_API)
          .map((t) => `${file} -> ${t}`)
      : [],
  );
}

/** Neither the pipeline nor the platforms touch the database or the services. */
function lowerLayersUpward(graph: Graph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    isIn(file, "src/pipeline") || isIn(file, "src/platforms")
      ? targets
          .filter((t) => isIn(t, "src/db") || isIn(t, "src/services"))
          .map((t) => `${file} -> ${t}`)
      : [],
  );
}

/** The strongly connected components of a graph (Tarjan): one of several nodes is a cycle. */
function components(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      found.push(component);
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

/**
 * The import cycles between two folders, each folder taken as one node (so a chain through
 * several of its files counts), except the `apart` files, which stay nodes of their own: the
 * queue API is the one door of src/jobs that services may use.
 */
function cyclesBetween(
  graph: Graph,
  a: string,
  b: string,
  apart: string[] = [QUEUE_API],
): string[][] {
  const node = (file: string) =>
    apart.includes(file) ? file : isIn(file, a) ? a : isIn(file, b) ? b : file;
  const folded: Graph = new Map();
  for (const [file, targets] of graph) {
    const edges = folded.get(node(file)) ?? [];
    edges.push(...targets.map(node).filter((t) => t !== node(file)));
    folded.set(node(file), edges);
  }
  return components(folded).filter(
    (component) => component.includes(a) && component.includes(b),
  );
}

describe("the import graph of src/", () => {
  const graph = importGraph();

  it("is read from the import lines", () => {
    expect(graph.get("src/jobs/worker.ts")).toContain(QUEUE_API);
    expect(graph.get("src/jobs/handlers/index.ts")).toContain(
      "src/jobs/handlers/video.ts",
    );
    // A directory import resolves to its index.
    expect(graph.get("src/services/analytics.ts")).toContain(
      "src/services/publications/index.ts",
    );
  });

  it("has services import nothing of src/jobs but the queue API", () => {
    expect(servicesIntoJobs(graph)).toEqual([]);
  });

  it("has no cycle between src/services and src/jobs", () => {
    expect(cyclesBetween(graph, "src/services", "src/jobs")).toEqual([]);
  });

  it("keeps src/pipeline and src/platforms free of src/db and src/services", () => {
    expect(lowerLayersUpward(graph)).toEqual([]);
  });
});

describe("the architecture rules", () => {
  const made: Graph = new Map([
    ["src/services/renders/index.ts", ["src/jobs/context.ts", QUEUE_API]],
    ["src/jobs/context.ts", ["src/services/renders/index.ts"]],
    [QUEUE_API, []],
    ["src/jobs/handlers/video.ts", ["src/services/renders/index.ts"]],
    ["src/pipeline/render.ts", ["src/db/index.ts"]],
    ["src/platforms.ts", ["src/services/sites.ts"]],
    ["src/platforms/youtube/upload.ts", ["src/pipeline/render.ts"]],
    ["src/db/index.ts", []],
    ["src/services/sites.ts", []],
  ]);

  it("catch a service importing a job internal, and allow the queue API", () => {
    expect(servicesIntoJobs(made)).toEqual([
      "src/services/renders/index.ts -> src/jobs/context.ts",
    ]);
  });

  it("catch a cycle between services and jobs", () => {
    expect(
      cyclesBetween(made, "src/services", "src/jobs").map((c) => c.sort()),
    ).toEqual([["src/jobs", "src/services"]]);
    // Through different files of each folder, and past the queue API, which is apart.
    const chain: Graph = new Map([
      ["src/services/a.ts", [QUEUE_API, "src/jobs/handlers/x.ts"]],
      [QUEUE_API, []],
      ["src/jobs/worker.ts", ["src/services/b.ts"]],
    ]);
    expect(cyclesBetween(chain, "src/services", "src/jobs")).toHaveLength(1);
    chain.set("src/services/a.ts", [QUEUE_API]);
    expect(cyclesBetween(chain, "src/services", "src/jobs")).toEqual([]);
  });

  it("catch the pipeline or the platforms importing the database or a service", () => {
    expect(lowerLayersUpward(made)).toEqual([
      "src/pipeline/render.ts -> src/db/index.ts",
      "src/platforms.ts -> src/services/sites.ts",
    ]);
  });
});
