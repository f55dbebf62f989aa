/**
 * Prometheus families for the LoRaWAN input, read at scrape time from the UDP server and the edge
 * network server (no second set of counters to keep in sync).
 */
import type { EdgeNetworkServer, SemtechUdpServer } from '@ardoise/device-sdk';
import type { MetricsRegistry } from '../health/metrics';

const byLabel = (label: string, counts: Record<string, number>) => Object.entries(counts).map(([k, value]) => ({ labels: { [label]: k }, value }));

export function registerLorawanMetrics(metrics: MetricsRegistry, udp: SemtechUdpServer, ns: EdgeNetworkServer, clockMono: () => number): void {
  metrics.counterFrom('ardoise_gwmp_datagrams_total', 'Datagrams received from packet forwarders', () => udp.metrics().datagrams);
  metrics.counterFrom('ardoise_gwmp_rejected_total', 'Datagrams or rxpk rejected, by cause', () => byLabel('cause', udp.metrics().rejected));
  metrics.counterFrom('ardoise_lorawan_uplinks_total', 'rxpk handed to the network server (before dedup)', () => ns.metrics().uplinks);
  metrics.counterFrom('ardoise_lorawan_duplicates_total', 'Copies of a frame merged by dedup', () => ns.metrics().duplicates);
  metrics.counterFrom('ardoise_lorawan_retransmissions_total', 'Last frame received again (not delivered twice; confirmed ones re-ACKed)', () => ns.metrics().retransmissions);
  metrics.counterFrom('ardoise_lorawan_frames_total', 'Data frames accepted (MIC, counter checked)', () => ns.metrics().frames);
  metrics.counterFrom('ardoise_lorawan_joins_total', 'OTAA joins accepted', () => ns.metrics().joins);
  metrics.counterFrom('ardoise_lorawan_rejected_total', 'Frames rejected by the network server, by cause', () => byLabel('cause', ns.metrics().rejected));
  metrics.counterFrom('ardoise_lorawan_downlinks_total', 'Downlinks by result', () => [
    { labels: { result: 'sent' }, value: ns.metrics().downlinksSent },
    { labels: { result: 'failed' }, value: ns.metrics().downlinksFailed },
  ]);
  metrics.counterFrom('ardoise_lorawan_class_a_decisions_total', 'Class A RX1 decisions: ready (rules answered in time), deadline (decided at the lead limit), cancelled', () => {
    const d = ns.metrics().classADecisions;
    return [
      { labels: { result: 'ready' }, value: d.ready },
      { labels: { result: 'deadline' }, value: d.deadline },
      { labels: { result: 'cancelled' }, value: d.cancelled },
    ];
  });
  metrics.gauge('ardoise_lorawan_duty_cycle_used_ms', 'Airtime used in the current hour, by sub-band', () => byLabel('sub_band', ns.metrics().dutyCycleMs));
  metrics.gauge('ardoise_concentrator_up', 'Concentrator link up (PULL_DATA seen recently)', () =>
    udp.linkState().map((l) => ({ labels: { gateway_eui: l.gatewayEui }, value: l.up ? 1 : 0 })),
  );
  metrics.gauge('ardoise_concentrator_last_pull_age_seconds', 'Seconds since the last PULL_DATA keepalive', () =>
    udp.linkState().map((l) => ({ labels: { gateway_eui: l.gatewayEui }, value: l.lastPullDataMono === undefined ? -1 : (clockMono() - l.lastPullDataMono) / 1000 })),
  );
}
