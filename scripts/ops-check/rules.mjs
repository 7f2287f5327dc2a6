// warren's own operational rules over the Dockerfiles, the resolved compose file and the
// rendered Kubernetes overlays: the things a schema cannot know (CPU request = children,
// grace period > drain timeout > hard time limit, one autoscaler per Deployment, a KEDA
// fallback, a PDB that lets unready pods go, a PodMonitor on the metrics port and path, ...).
//
//   node rules.mjs [--dockerfile F]... [--compose resolved.yaml] [--k8s label=rendered.yaml]...
//                  [--expect-fail label=rendered.yaml]... [--expect-fail-compose label=compose.yaml]...
// Files after --expect-fail (k8s) and --expect-fail-compose are negative self-tests; each must
// break the rule its `# expect: <text>` comment names.
import fs from "node:fs";
import { parse, parseAllDocuments } from "yaml";

const CONSUMER_TIMEOUT_S = 30 * 60; // RabbitMQ's default consumer_timeout

export function seconds(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(text).trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
}

function cpu(q) {
  const s = String(q);
  return s.endsWith("m") ? Number(s.slice(0, -1)) / 1000 : Number(s);
}

function mebibytes(q) {
  const m = /^(\d+)(Mi|Gi|M|G)?$/.exec(String(q));
  if (!m) throw new Error(`unsupported memory quantity ${q}`);
  return Number(m[1]) * { Mi: 1, Gi: 1024, M: 0.953674, G: 976.5625, undefined: 1 / 1048576 }[m[2]];
}

function checkDockerfile(file) {
  const errors = [];
  const text = fs.readFileSync(file, "utf8").replace(/\\\n/g, " ");
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const args = {};
  for (const l of lines) {
    const m = /^ARG\s+(\w+)=(\S+)/i.exec(l);
    if (m) args[m[1]] = m[2];
  }
  for (const l of lines.filter((x) => /^FROM\s/i.test(x))) {
    const ref = l.split(/\s+/)[1];
    const v = /^\$\{?(\w+)\}?$/.exec(ref);
    const image = v ? args[v[1]] : ref;
    if (!image) errors.push(`FROM ${ref}: build argument ${v[1]} has no default`);
    else if (!/[:@]/.test(image.replace(/^[^/]*:\d+\//, "")) || image.endsWith(":latest")) {
      errors.push(`FROM ${ref}: base image ${image} must carry a pinned tag`);
    }
  }
  const entry = lines.filter((l) => /^ENTRYPOINT\s/i.test(l)).pop();
  let argv = null;
  try { argv = entry && JSON.parse(entry.replace(/^ENTRYPOINT\s+/i, "")); } catch { argv = null; }
  if (!Array.isArray(argv)) errors.push("ENTRYPOINT must be exec form (a JSON array) so the JVM is PID 1 and gets SIGTERM");
  const user = lines.filter((l) => /^USER\s/i.test(l)).pop();
  if (!user || /^USER\s+(root|0)(:|$)/i.test(user)) errors.push("the image must switch to a non-root USER");
  const cds = /-XX:ArchiveClassesAtExit=(\S+)\s+-cp\s+(\S+)/.exec(text);
  if (cds && Array.isArray(argv)) {
    const env = /WARREN_CDS_ARCHIVE=(\S+)/.exec(text);
    if (!env || env[1] !== cds[1]) errors.push(`WARREN_CDS_ARCHIVE must name the archive the build dumps (${cds[1]})`);
    const jar = argv[argv.indexOf("-jar") + 1];
    if (jar !== cds[2]) errors.push(`CDS class path ${cds[2]} differs from the supervisor's -jar ${jar}: the archive would be ignored`);
  }
  return errors;
}

function checkCompose(file) {
  const errors = [];
  const c = parse(fs.readFileSync(file, "utf8"));
  const rmq = c.services?.rabbitmq;
  const worker = c.services?.worker;
  if (!rmq || !worker || !c.services?.producer) return ["services rabbitmq, worker and producer are required"];
  if (!JSON.stringify(rmq.healthcheck?.test ?? "").includes("rabbitmq-diagnostics")) errors.push("rabbitmq needs a rabbitmq-diagnostics healthcheck");
  if (!(rmq.volumes ?? []).some((v) => String(v.target ?? v).includes("/var/lib/rabbitmq"))) errors.push("rabbitmq needs a volume for /var/lib/rabbitmq");
  for (const svc of Object.values(c.services)) {
    for (const p of svc.ports ?? []) {
      if (Number(p.target ?? String(p).split(":").pop().split("/")[0]) === 5672) errors.push("AMQP 5672 must not be published by default (the host may run RabbitMQ)");
    }
  }
  if (worker.depends_on?.rabbitmq?.condition !== "service_healthy") errors.push("worker must wait for rabbitmq: service_healthy");
  if (!JSON.stringify(worker.healthcheck?.test ?? "").includes("/health/readiness")) errors.push("worker needs a healthcheck on /health/readiness");
  const producer = c.services.producer;
  if (producer.depends_on?.worker?.condition !== "service_healthy") errors.push("producer must wait for worker: service_healthy");
  if (!(producer.profiles ?? []).length) errors.push("producer (the demo workload) must be in a profile, so a plain `up` does not run it");
  if (worker.container_name) errors.push("worker must not set container_name (it has replicas)");
  if (!worker.deploy?.replicas) errors.push("worker needs deploy.replicas");
  if (!worker.build?.args?.JRE_IMAGE) errors.push("worker build must pass JRE_IMAGE");
  const drain = seconds(worker.environment?.WARREN_DRAIN_TIMEOUT ?? "60s");
  const grace = seconds(worker.stop_grace_period ?? "10s");
  if (!(grace > drain)) errors.push(`worker stop_grace_period (${grace}s) must exceed WARREN_DRAIN_TIMEOUT (${drain}s)`);
  return errors;
}

function checkOverlay(objects) {
  const errors = [];
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const where = `Deployment/${d.metadata.name}`;
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    const cmName = (c.envFrom ?? []).map((e) => e.configMapRef?.name).find(Boolean);
    const cm = find("ConfigMap", cmName);
    if (!cm) { errors.push(`${where}: its ConfigMap ${cmName} is not rendered`); continue; }
    const env = cm.data ?? {};
    const children = Number(env.WARREN_CHILDREN);
    const req = cpu(c.resources?.requests?.cpu ?? 0);
    if (req !== children) errors.push(`${where}: cpu request ${req} must equal WARREN_CHILDREN ${children}`);
    const drain = seconds(env.WARREN_DRAIN_TIMEOUT ?? "60s");
    const hard = seconds(env.WARREN_HARD_TIME_LIMIT ?? "6m");
    const soft = seconds(env.WARREN_SOFT_TIME_LIMIT ?? "5m");
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (!(grace > drain)) errors.push(`${where}: terminationGracePeriodSeconds ${grace} must exceed WARREN_DRAIN_TIMEOUT ${drain}s`);
    if (!(drain >= hard)) errors.push(`${where}: WARREN_DRAIN_TIMEOUT ${drain}s must be at least WARREN_HARD_TIME_LIMIT ${hard}s`);
    if (!(soft < hard)) errors.push(`${where}: soft time limit ${soft}s must be below the hard limit ${hard}s`);
    if (!(hard < CONSUMER_TIMEOUT_S)) errors.push(`${where}: hard time limit ${hard}s must stay below RabbitMQ's consumer timeout`);
    const xmx = /-Xmx(\d+)m/.exec(env.WARREN_CHILD_JVM_OPTIONS ?? "");
    const limit = c.resources?.limits?.memory;
    if (!xmx || !limit) errors.push(`${where}: children need -Xmx in WARREN_CHILD_JVM_OPTIONS and the container a memory limit`);
    else if (mebibytes(limit) < 256 + children * (Number(xmx[1]) + 128)) {
      errors.push(`${where}: memory limit ${limit} is below supervisor 256Mi + ${children} x (${xmx[1]}Mi heap + 128Mi)`);
    }
    if (c.livenessProbe?.httpGet?.path !== "/health/liveness") errors.push(`${where}: liveness probe must GET /health/liveness`);
    if (c.readinessProbe?.httpGet?.path !== "/health/readiness") errors.push(`${where}: readiness probe must GET /health/readiness`);
    if ((c.env ?? []).some((e) => e.name === "WARREN_BROKER_URI")) errors.push(`${where}: the broker URI must come from a Secret file, not a plain env var`);
    const uriFile = (c.env ?? []).find((e) => e.name === "WARREN_BROKER_URI_FILE")?.value;
    const mount = (c.volumeMounts ?? []).find((m) => uriFile?.startsWith(m.mountPath + "/"));
    const vol = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
    if (!vol?.secret) errors.push(`${where}: WARREN_BROKER_URI_FILE must point into a mounted Secret`);
    const scalers = objects.filter((o) => ["HorizontalPodAutoscaler", "ScaledObject"].includes(o.kind)
      && o.spec.scaleTargetRef?.name === d.metadata.name);
    if (scalers.length !== 1) errors.push(`${where}: exactly one autoscaler must target it, found ${scalers.map((s) => s.kind).join(", ") || "none"}`);
    if (scalers.length && d.spec.replicas !== undefined) errors.push(`${where}: omit spec.replicas when an autoscaler owns the count`);
    for (const so of scalers.filter((s) => s.kind === "ScaledObject")) {
      const what = `ScaledObject/${so.metadata.name}`;
      for (const t of so.spec.triggers.filter((x) => x.type === "rabbitmq")) {
        if (t.metadata.protocol !== "http") errors.push(`${what}: use protocol http (AMQP counts only ready messages)`);
        if (t.metadata.mode !== "QueueLength") errors.push(`${what}: use mode QueueLength`);
        if (t.metadata.queueName !== (env.WARREN_QUEUE ?? "warren.tasks")) errors.push(`${what}: queueName must be the workers' queue`);
        if (t.metricType === "Value") errors.push(`${what}: metricType Value disables the fallback (it needs AverageValue)`);
      }
      const min = so.spec.minReplicaCount ?? 0;
      const max = so.spec.maxReplicaCount ?? 100;
      const fb = so.spec.fallback;
      if (!fb) errors.push(`${what}: needs a fallback (otherwise a broken queue metric freezes the replica count)`);
      else if (!(fb.replicas >= Math.max(min, 1) && fb.replicas <= max)) {
        errors.push(`${what}: fallback replicas ${fb.replicas} must lie within minReplicaCount..maxReplicaCount (${Math.max(min, 1)}..${max})`);
      }
    }
    const labels = d.spec.template.metadata.labels;
    const selects = (o, sel) => Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget" && selects(o, o.spec.selector));
    if (!pdb) errors.push(`${where}: no PodDisruptionBudget selects its pods`);
    else if (pdb.spec.unhealthyPodEvictionPolicy !== "AlwaysAllow") {
      errors.push(`PodDisruptionBudget/${pdb.metadata.name}: unhealthyPodEvictionPolicy must be AlwaysAllow (unready pods during a broker outage would block node drains)`);
    }
    const ports = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
    const httpPort = Number(env.WARREN_HTTP_PORT ?? 8080);
    for (const pm of objects.filter((o) => o.kind === "PodMonitor" && selects(o, o.spec.selector))) {
      for (const ep of pm.spec.podMetricsEndpoints ?? []) {
        if (ports.get(ep.port) !== httpPort) errors.push(`PodMonitor/${pm.metadata.name}: port ${ep.port} must name the container port of WARREN_HTTP_PORT (${httpPort})`);
        if (ep.path !== "/prometheus") errors.push(`PodMonitor/${pm.metadata.name}: path must be /prometheus, not ${ep.path ?? "the default /metrics"}`);
      }
    }
  }
  const podLabels = objects.filter((o) => o.kind === "Deployment").map((d) => d.spec.template.metadata.labels ?? {});
  for (const pm of objects.filter((o) => o.kind === "PodMonitor")) {
    const sel = Object.entries(pm.spec.selector?.matchLabels ?? {});
    if (!podLabels.some((l) => sel.every(([k, v]) => l[k] === v))) errors.push(`PodMonitor/${pm.metadata.name}: selects no Deployment's pods`);
  }
  return errors;
}

function readK8s(file) {
  const text = fs.readFileSync(file, "utf8");
  const expect = [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim());
  return { expect, objects: parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean) };
}

function main(argv) {
  let failures = 0;
  const report = (label, errors) => {
    if (errors.length) {
      failures++;
      console.log(`FAIL  ${label}`);
      for (const e of errors) console.log(`        ${e}`);
    } else {
      console.log(`ok    ${label}`);
    }
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--dockerfile") report(`rules ${value}`, checkDockerfile(value));
    else if (flag === "--compose") report("rules docker-compose.yml", checkCompose(value));
    else {
      const [label, file] = [value.slice(0, value.indexOf("=")), value.slice(value.indexOf("=") + 1)];
      const { expect, objects } = readK8s(file);
      const errors = flag === "--expect-fail-compose" ? checkCompose(file) : checkOverlay(objects);
      if (flag === "--k8s") report(`rules k8s ${label}`, errors);
      else {
        const missing = expect.filter((x) => !errors.some((e) => e.includes(x)));
        if (!expect.length || missing.length) {
          failures++;
          console.log(`FAIL  negative rules ${label} was not rejected as expected (${missing.join("; ")})`);
          for (const e of errors) console.log(`        got: ${e}`);
        } else {
          console.log(`ok    negative rules ${label}: rejected (${expect.join("; ")})`);
        }
      }
    }
  }
  process.exit(failures ? 1 : 0);
}

main(process.argv.slice(2));
