// A small kustomize for machines without kubectl (Debian bookworm ships kubectl 1.20, whose
// kustomize v2 predates `components`). It implements only what k8s/ uses: resources (files and
// directories), components, patches (strategic merge for built-in kinds, JSON merge for
// CRDs), images and namespace, and refuses any other kustomization field.
//
//   node render-kustomize.mjs <overlay-dir>                     # YAML stream on stdout
//   node render-kustomize.mjs <overlay-dir> --compare <file>    # same objects as kubectl's render?
//
// check-ops.sh renders with `kubectl kustomize` when it has one, and then compares it with
// this renderer, so the fallback cannot silently drift from the real tool.
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments, stringify } from "yaml";

const SUPPORTED = new Set(["apiVersion", "kind", "resources", "components", "patches", "images", "namespace"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "PersistentVolume", "StorageClass", "PriorityClass", "ClusterTriggerAuthentication"]);
// Strategic-merge keys of the built-in list fields k8s/ patches; other lists are replaced.
const MERGE_KEYS = { containers: "name", initContainers: "name", env: "name", volumes: "name",
  volumeMounts: "mountPath", imagePullSecrets: "name", ports: "containerPort" };

function loadYaml(file) {
  return parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter(Boolean);
}

function kustomization(dir) {
  for (const n of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const f = path.join(dir, n);
    if (fs.existsSync(f)) {
      const k = loadYaml(f)[0] ?? {};
      const extra = Object.keys(k).filter((key) => !SUPPORTED.has(key));
      if (extra.length) throw new Error(`${f}: the fallback renderer does not support ${extra.join(", ")}; install kubectl`);
      return k;
    }
  }
  throw new Error(`${dir}: no kustomization.yaml`);
}

function isCrd(obj) {
  const group = obj.apiVersion.includes("/") ? obj.apiVersion.split("/")[0] : "";
  return group.includes(".") && !group.endsWith(".k8s.io");
}

function merge(base, patch, strategic, key) {
  if (patch === null) return undefined;
  if (Array.isArray(patch)) {
    const mk = strategic && MERGE_KEYS[key];
    if (!mk || !Array.isArray(base)) return structuredClone(patch);
    const out = base.map((x) => structuredClone(x));
    for (const p of patch) {
      const i = out.findIndex((x) => x?.[mk] === p?.[mk]);
      if (i >= 0) out[i] = merge(out[i], p, strategic);
      else out.push(structuredClone(p));
    }
    return out;
  }
  if (typeof patch !== "object" || typeof base !== "object" || base === null || Array.isArray(base)) {
    return structuredClone(patch);
  }
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const m = merge(base[k], v, strategic, k);
    if (m === undefined) delete out[k];
    else out[k] = m;
  }
  return out;
}

function applyPatches(objects, dir, patches = []) {
  for (const entry of patches) {
    if (entry.target || entry.options) throw new Error(`${dir}: only plain strategic-merge patches are supported`);
    const docs = entry.path ? loadYaml(path.join(dir, entry.path)) : parseAllDocuments(entry.patch).map((d) => d.toJS());
    for (const p of docs) {
      const i = objects.findIndex((o) => o.kind === p.kind && o.metadata?.name === p.metadata?.name
        && (!p.metadata?.namespace || o.metadata?.namespace === p.metadata.namespace));
      if (i < 0) throw new Error(`${dir}: patch target ${p.kind}/${p.metadata?.name} not found`);
      objects[i] = merge(objects[i], p, !isCrd(objects[i]));
    }
  }
}

function applyImages(node, images) {
  if (Array.isArray(node)) { node.forEach((n) => applyImages(n, images)); return; }
  if (!node || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if ((k === "containers" || k === "initContainers") && Array.isArray(v)) {
      for (const c of v) {
        const m = /^([^@:]+(?::\d+\/[^@:]+)?)(?::([^@]+))?(@.+)?$/.exec(c.image ?? "");
        const img = m && images.find((x) => x.name === m[1]);
        if (!img) continue;
        const name = img.newName ?? m[1];
        c.image = img.digest ? `${name}@${img.digest}` : `${name}${img.newTag ? `:${img.newTag}` : m[2] ? `:${m[2]}` : ""}`;
      }
    }
    applyImages(v, images);
  }
}

export function render(dir) {
  const k = kustomization(dir);
  let objects = [];
  for (const r of k.resources ?? []) {
    const p = path.join(dir, r);
    objects.push(...(fs.statSync(p).isDirectory() ? render(p) : loadYaml(p)));
  }
  for (const c of k.components ?? []) {
    const cdir = path.join(dir, c);
    const ck = kustomization(cdir);
    if (ck.kind !== "Component") throw new Error(`${cdir}: not a Component`);
    for (const r of ck.resources ?? []) objects.push(...loadYaml(path.join(cdir, r)));
    applyPatches(objects, cdir, ck.patches);
    if (ck.images) applyImages(objects, ck.images);
  }
  applyPatches(objects, dir, k.patches);
  if (k.images) applyImages(objects, k.images);
  if (k.namespace) {
    objects = objects.map((o) => CLUSTER_SCOPED.has(o.kind) ? o
      : { ...o, metadata: { ...o.metadata, namespace: k.namespace } });
  }
  return objects;
}

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

function byId(objects) {
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`,
    JSON.stringify(canonical(o))]));
}

function main([dir, flag, other]) {
  const mine = render(dir);
  if (flag !== "--compare") {
    process.stdout.write(mine.map((o) => stringify(o)).join("---\n"));
    return;
  }
  const a = byId(mine);
  const b = byId(loadYaml(other));
  const diffs = [...new Set([...a.keys(), ...b.keys()])].filter((id) => a.get(id) !== b.get(id));
  for (const id of diffs) {
    console.log(`  differs: ${id}\n    fallback: ${a.get(id) ?? "(missing)"}\n    kubectl:  ${b.get(id) ?? "(missing)"}`);
  }
  process.exit(diffs.length ? 1 : 0);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`render-kustomize: ${e.message}`);
    process.exit(2);
  }
}
