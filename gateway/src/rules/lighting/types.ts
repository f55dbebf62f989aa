/**
 * The lighting model the rules work on (built from config by ./config.ts, or directly in tests).
 * Levels are percent 0..100; durations in the unit their name says.
 */
export type AnchorKind = 'sunset' | 'sunrise' | 'on' | 'off' | 'midnight';

/** A point in the night: a local clock time, or an offset from an astronomical instant. */
export type Anchor = { kind: 'clock'; minutes: number } | { kind: AnchorKind; offsetMin: number };

export interface ProfileStep {
  at: Anchor;
  level: number;
  /** Reach `level` linearly over this many minutes starting at `at` (0 = at once). */
  fadeMin: number;
}

export interface Profile {
  name: string;
  /** Level at switch-on, until the first step. */
  onLevel: number;
  steps: ProfileStep[];
  /** Night switch-off ("extinction nocturne") windows. */
  offWindows: { from: Anchor; to: Anchor }[];
}

/** Calendar exception (events, holidays): another profile on these dates; highest priority wins. */
export interface CalendarException {
  name: string;
  /** Inclusive local dates "YYYY-MM-DD" of the evening the night starts. */
  from: string;
  to: string;
  /** Restrict to these weekdays (0 = Sunday); empty = every day. */
  weekdays: number[];
  profile: string;
  priority: number;
}

export interface PresenceSettings {
  level: number;
  holdS: number;
  fadeS: number;
  /** Also boost the lamps listed as neighbours of the lamp that saw presence. */
  propagate: boolean;
}

export interface SensorSettings {
  /** Dark below this illuminance (lx)… */
  onLux: number;
  /** …bright again above this one (hysteresis: offLux > onLux). */
  offLux: number;
  /**
   * A sensor may switch lamps off during the astronomical night only this close (minutes)
   * to switch-on/off: a dirty or dazzled sensor must not darken a street at midnight.
   * It may always switch lamps ON (storm, eclipse).
   */
  maxShiftMin: number;
}

export interface LampGroup {
  id: string;
  /** Profile used when no calendar exception applies; undefined = no valid program (fail-safe). */
  profile?: Profile;
  exceptions: CalendarException[];
  profiles: ReadonlyMap<string, Profile>;
  /** Fail-safe level (100 % unless configured). */
  defaultLevel: number;
  /** Never-off class (crossings, intersections…): minimum level whenever it is dark. */
  neverOffFloor?: number;
  presence?: PresenceSettings;
  sensor?: SensorSettings;
  /** Rated power of one lamp at 100 %, W (energy baseline). */
  ratedPowerW: number;
}

export interface Lamp {
  id: string;
  group: string;
  defaultLevel?: number;
  neighbours: string[];
}

export type LevelReason = 'default' | 'program' | 'sensor' | 'override';

export interface LightingOverride {
  /** Lamp id or "group:<id>". */
  target: string;
  level: number;
  start: number;
  /** Mandatory: an override always falls back to the program. */
  expiry: number;
  source: string;
}

export interface LevelDecision {
  level: number;
  reason: LevelReason;
  why: string;
  /** For reason "override": when it ends (sent to the lamp as a timed override). */
  expiresAt?: number;
}
