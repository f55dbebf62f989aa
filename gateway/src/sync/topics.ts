/** MQTT topic layout (architecture.md ▶ contract): everything under ardoise/v1/{gateway_id}/. */
export type UpStream = 'readings' | 'events' | 'commands';
export type DownKind = 'commands' | 'config';

const GATEWAY_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Gateway ids become topic levels: no wildcards, separators or empty strings. */
export function assertGatewayId(id: string): string {
  if (!GATEWAY_ID.test(id)) {
    throw new Error(`gateway id ${JSON.stringify(id)} is invalid: use 1-64 characters from A-Z a-z 0-9 _ . -`);
  }
  return id;
}

export const topics = {
  state: (gatewayId: string): string => `ardoise/v1/${gatewayId}/state`,
  up: (gatewayId: string, stream: UpStream): string => `ardoise/v1/${gatewayId}/up/${stream}`,
  down: (gatewayId: string, kind: DownKind): string => `ardoise/v1/${gatewayId}/down/${kind}`,
  downAcks: (gatewayId: string): string => `ardoise/v1/${gatewayId}/down/acks`,
  /** Receiver → gateway: "I hold everything up to `after`, resend from there" (see resync.ts). */
  downResync: (gatewayId: string): string => `ardoise/v1/${gatewayId}/down/resync`,
  /** Shared subscription a cloud receiver group uses for every gateway's uplink. */
  sharedUp: (group: string): string => `$share/${group}/ardoise/v1/+/up/#`,
};

/** Parses `ardoise/v1/{gw}/up/{stream}`; undefined when the topic is not an uplink topic. */
export function parseUpTopic(topic: string): { gatewayId: string; stream: UpStream } | undefined {
  const m = /^ardoise\/v1\/([^/]+)\/up\/(readings|events|commands)$/.exec(topic);
  return m ? { gatewayId: m[1]!, stream: m[2] as UpStream } : undefined;
}
