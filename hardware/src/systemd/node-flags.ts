/**
 * Node/V8 flags the agent runs with on a gateway (hardware/systemd/ardoise.service ExecStart; the
 * `ardoise bench store` RSS child uses the same list, so the bench measures the agent as shipped).
 *
 * `--optimize-for-size`: V8 keeps a 1 MiB young generation, grows the old one by small steps and
 * compacts it, instead of growing a 32 MiB young generation under a burst of readings and keeping it
 * committed. Measured through the agent (1 M readings, bench store): RSS after ≈ 85 MB instead of
 * ≈ 113 MB, peak ≈ 89 MB instead of ≈ 113 MB, for an ingest rate of ≈ 70 k/s instead of ≈ 105 k/s:
 * still about 100 times what a busy LoRaWAN gateway delivers, and memory is what a Pi-class
 * device lacks. Not kept (measured, no gain once this flag is set): `--max-semi-space-size`
 * (overridden by this flag), `MALLOC_ARENA_MAX=2` (±2 MB).
 */
export const AGENT_NODE_FLAGS: readonly string[] = ['--optimize-for-size'];
