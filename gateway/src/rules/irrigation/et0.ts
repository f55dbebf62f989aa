/**
 * Reference evapotranspiration, FAO-56 (Allen et al. 1998).
 * Ra: extraterrestrial radiation from latitude and day of year (eqs. 21-25).
 * ET0: Hargreaves (eq. 52) when only air temperature is known.
 */
const GSC = 0.082; // solar constant, MJ m⁻² min⁻¹

/** Extraterrestrial radiation Ra, MJ m⁻² day⁻¹. */
export function extraterrestrialRadiation(latitudeDeg: number, dayOfYear: number): number {
  const phi = (latitudeDeg * Math.PI) / 180;
  const dr = 1 + 0.033 * Math.cos((2 * Math.PI * dayOfYear) / 365);
  const delta = 0.409 * Math.sin((2 * Math.PI * dayOfYear) / 365 - 1.39);
  const ws = Math.acos(Math.max(-1, Math.min(1, -Math.tan(phi) * Math.tan(delta))));
  return ((24 * 60) / Math.PI) * GSC * dr * (ws * Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.sin(ws));
}

/** Hargreaves ET0, mm/day. Ra converted to mm/day of evaporation (× 0.408). */
export function hargreavesEt0(tMinC: number, tMaxC: number, latitudeDeg: number, dayOfYear: number): number {
  if (!Number.isFinite(tMinC) || !Number.isFinite(tMaxC) || tMaxC < tMinC) {
    throw new RangeError(`Hargreaves ET0: need finite tMin ≤ tMax, got tMin=${tMinC}, tMax=${tMaxC}`);
  }
  const ra = 0.408 * extraterrestrialRadiation(latitudeDeg, dayOfYear);
  return Math.max(0, 0.0023 * ((tMinC + tMaxC) / 2 + 17.8) * Math.sqrt(tMaxC - tMinC) * ra);
}

export function dayOfYear(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Math.round((t - Date.UTC(new Date(t).getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/**
 * Litres a zone may use today: (ET0 × Kc − rain) mm over its area (1 mm on 1 m² = 1 L).
 * Undefined when there is no area or no temperature: the daily cap alone limits watering.
 */
export function dailyBudgetL(et0Mm: number | undefined, cropCoef: number, rainMm: number, areaM2: number | undefined): number | undefined {
  if (et0Mm === undefined || areaM2 === undefined) return undefined;
  return Math.max(0, et0Mm * cropCoef - Math.max(0, rainMm)) * areaM2;
}
