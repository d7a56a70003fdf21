// The names a pod resolves (spec kubernetes-and-storage §1), as files rather than a DNS server:
// /etc/hosts has every pod, headless and Service name of the model, and /etc/resolv.conf the
// search list a Kubernetes pod gets. /etc/hosts knows no search list, so the short forms a
// search would complete are listed too.

export const CLUSTER_DOMAIN = "cluster.local";

/** What the model's names point at now. */
export interface ClusterNames {
  model: string;
  /** Every pod: its unit (`radarr/0`) and IP. */
  pods: readonly { unit: string; address: string }[];
  /** Every application's Service: its ClusterIP. */
  services: readonly { app: string; address: string }[];
}

const byUnit = (a: { unit: string }, b: { unit: string }) =>
  a.unit.localeCompare(b.unit, "en", { numeric: true });

/** `/etc/hosts` of the pod of `self` (its own hostname first, as the kubelet writes it). */
export function podHostsFile(self: string, names: ClusterNames): string {
  const svc = `${names.model}.svc`;
  const fqdn = (name: string) => `${name}.${svc}.${CLUSTER_DOMAIN}`;
  const lines = [
    "# Written by the charmarr engine: the model's pods and Services (Kubernetes DNS, as a hosts file).",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
  ];
  const pods = [...names.pods].sort(byUnit);
  const own = pods.find((p) => p.unit === self);
  const hostname = (unit: string) => unit.replace("/", "-");
  const subdomain = (unit: string) => `${unit.slice(0, unit.indexOf("/"))}-endpoints`;
  if (own) {
    const name = `${hostname(self)}.${subdomain(self)}`;
    lines.push(`${own.address}\t${fqdn(name)} ${hostname(self)}`);
  }
  for (const { unit, address } of pods) {
    const name = `${hostname(unit)}.${subdomain(unit)}`;
    lines.push(`${address}\t${fqdn(name)} ${name}.${svc} ${name}.${names.model} ${name}`);
  }
  // The headless Service: one line per pod, so a lookup gives every pod's address.
  for (const { unit, address } of pods) {
    const name = subdomain(unit);
    lines.push(`${address}\t${fqdn(name)} ${name}.${svc} ${name}.${names.model} ${name}`);
  }
  for (const { app, address } of [...names.services].sort((a, b) => a.app.localeCompare(b.app))) {
    lines.push(`${address}\t${fqdn(app)} ${app}.${svc} ${app}.${names.model} ${app}`);
  }
  return `${lines.join("\n")}\n`;
}

/** `/etc/resolv.conf`: the pod's search list. No nameserver answers: names come from /etc/hosts. */
export function podResolvConf(model: string): string {
  return [
    "# Written by the charmarr engine: names resolve through /etc/hosts; no DNS server answers.",
    `search ${model}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}`,
    "nameserver 127.0.0.1",
    "options ndots:5",
    "",
  ].join("\n");
}
