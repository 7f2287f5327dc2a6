// Strict schema check of rendered Kubernetes manifests, offline.
//
//   node validate-k8s.mjs <workdir> <label>=<rendered.yaml>... [--expect-fail <label>=<file.yaml>...]
//
// Every object must be a kind this script has a model for (kubernetes-models for core kinds,
// @kubernetes-models/keda for KEDA, @kubernetes-models/prometheus-operator for the Prometheus
// Operator's monitoring.coreos.com kinds). Two independent checks use the models:
//   1. the model's validate(): its JSON Schema (required fields, types, int32, enums);
//   2. the model's TypeScript declaration: each object is written out as an object literal
//      `satisfies I<Kind>` and type-checked by tsc, whose excess-property check rejects
//      unknown fields at any depth (the JSON Schemas allow them) and wrong types.
// Files after --expect-fail are negative self-tests: each must be rejected, and for the
// reason its `# expect: <text>` comment names; otherwise the checker itself is broken.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const CRD_PACKAGES = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

function moduleFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  if (group.includes(".") && !group.endsWith(".k8s.io")) {
    const pkg = CRD_PACKAGES[group];
    return pkg ? `${pkg}/${apiVersion}/${kind}` : null;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function readObjects(label, file) {
  const text = fs.readFileSync(file, "utf8");
  const expect = [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim());
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${label}: YAML error: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj !== null && obj !== undefined) objects.push(obj);
  }
  return { label, file, expect, objects };
}

async function modelCheck(obj) {
  const { apiVersion, kind } = obj ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { errors: ["object without apiVersion/kind"] };
  }
  const mod = moduleFor(apiVersion, kind);
  let cls;
  try {
    cls = mod && (await import(mod))[kind];
  } catch {
    cls = undefined;
  }
  if (!cls) return { errors: [`no strict model for ${apiVersion} ${kind}: add one before using this kind`] };
  try {
    new cls(obj).validate();
    return { mod, errors: [] };
  } catch (e) {
    return { mod, errors: [`schema: ${e.message}`] };
  }
}

function parseArgs(argv) {
  const [workdir, ...rest] = argv;
  const positives = [];
  const negatives = [];
  let target = positives;
  for (const a of rest) {
    if (a === "--expect-fail") { target = negatives; continue; }
    const i = a.indexOf("=");
    target.push(readObjects(a.slice(0, i), a.slice(i + 1)));
  }
  return { workdir, positives, negatives };
}

function writeTypeChecks(workdir, sets) {
  const gen = path.join(workdir, "gen");
  fs.rmSync(gen, { recursive: true, force: true });
  fs.mkdirSync(gen, { recursive: true });
  const files = new Map(); // ts file name -> { set, obj }
  let n = 0;
  for (const set of sets) {
    for (const item of set.items) {
      if (!item.mod) continue;
      const name = `${String(++n).padStart(3, "0")}-${set.label.replace(/[^\w.-]/g, "_")}-${item.obj.kind}.ts`;
      const body = JSON.stringify(item.obj, null, 2);
      fs.writeFileSync(path.join(gen, name),
        `import type { I${item.obj.kind} as T } from "${item.mod}";\n` +
        `export const o = ${body} satisfies T;\n`);
      files.set(name, { set, item, lines: body.split("\n") });
    }
  }
  fs.writeFileSync(path.join(workdir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext",
      target: "es2022", skipLibCheck: true, types: [],
    },
    include: ["gen/*.ts"],
  }, null, 2));
  return files;
}

function runTsc(workdir, files) {
  const tsc = require.resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", workdir, "--pretty", "false"], { encoding: "utf8" });
  const re = /^gen[\\/](.+?\.ts)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
  let unmatched = [];
  for (const line of (r.stdout + r.stderr).split("\n")) {
    const m = re.exec(line.replace(/^.*?(gen[\\/])/, "$1"));
    if (!m) { if (line.trim()) unmatched.push(line); continue; }
    const f = files.get(m[1]);
    if (!f) { unmatched.push(line); continue; }
    const src = (f.lines[Number(m[2]) - 2] ?? "").trim(); // line 1 of the file is the import
    f.item.errors.push(`type: ${m[5]}  (at: ${src})`);
  }
  if (r.status !== 0 && unmatched.length) {
    // tsc failed for a reason not tied to one object: the checker is broken.
    throw new Error(`tsc failed:\n${unmatched.join("\n")}`);
  }
}

function describe(obj) {
  return `${obj?.kind ?? "?"}/${obj?.metadata?.name ?? "?"}`;
}

async function main() {
  const { workdir, positives, negatives } = parseArgs(process.argv.slice(2));
  const sets = [];
  for (const [kind, list] of [["ok", positives], ["bad", negatives]]) {
    for (const s of list) {
      const items = [];
      for (const obj of s.objects) items.push({ obj, ...(await modelCheck(obj)) });
      sets.push({ ...s, kind, items });
    }
  }
  runTsc(workdir, writeTypeChecks(workdir, sets));

  let failures = 0;
  for (const set of sets) {
    const errors = set.items.flatMap((it) => it.errors.map((e) => `${describe(it.obj)}: ${e}`));
    if (set.kind === "ok") {
      const kinds = set.items.map((it) => it.obj.kind).sort().join(", ");
      if (errors.length) {
        failures++;
        console.log(`FAIL  ${set.label}: ${errors.length} finding(s)`);
        for (const e of errors) console.log(`        ${e}`);
      } else {
        console.log(`ok    ${set.label}: ${set.items.length} objects valid (${kinds})`);
      }
    } else {
      const missing = set.expect.filter((x) => !errors.some((e) => e.includes(x)));
      if (!errors.length || !set.expect.length || missing.length) {
        failures++;
        console.log(`FAIL  negative ${set.label} was not rejected as expected (${missing.join("; ") || "no # expect"})`);
        for (const e of errors) console.log(`        got: ${e}`);
      } else {
        console.log(`ok    negative ${set.label}: rejected (${set.expect.join("; ")})`);
      }
    }
  }
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(2); });
