import sharp from "sharp";

/**
 * The demo restaurants' photos, drawn for the project: simple SVG scenes in each restaurant's colours,
 * rendered to JPEG with sharp when the demo is seeded (no image files, nothing from elsewhere).
 */

export interface DemoPalette {
  /** Walls and background. */
  wall: string;
  /** Tables and floor. */
  wood: string;
  /** Napkins, lamps, the candle's glow. */
  accent: string;
}

export type DemoScene = "table" | "room";

export const DEMO_PHOTO_ALT: Record<DemoScene, string> = {
  table: "Drawing of a table for two seen from above: two plates, cutlery, wine glasses and a lit candle",
  room: "Drawing of the dining room: tables and chairs under pendant lamps beside a tall window",
};

const W = 1200;
const H = 800;

function tableScene(p: DemoPalette): string {
  const plate = (cx: number, cy: number) => `
    <circle cx="${cx}" cy="${cy}" r="120" fill="#f7f4ee" stroke="#d9d3c7" stroke-width="6"/>
    <circle cx="${cx}" cy="${cy}" r="78" fill="#fffdf8" stroke="#e6e0d4" stroke-width="3"/>
    <rect x="${cx - 175}" y="${cy - 90}" width="14" height="180" rx="7" fill="#c9c9c9"/>
    <rect x="${cx + 160}" y="${cy - 90}" width="14" height="180" rx="7" fill="#c9c9c9"/>
    <rect x="${cx - 60}" y="${cy + 140}" width="120" height="60" rx="8" fill="${p.accent}" opacity="0.85"/>`;
  return `
  <rect width="${W}" height="${H}" fill="${p.wall}"/>
  <rect x="90" y="60" width="${W - 180}" height="${H - 120}" rx="40" fill="${p.wood}"/>
  <g stroke="#000" stroke-opacity="0.08" stroke-width="4">
    ${Array.from({ length: 8 }, (_, i) => `<line x1="110" y1="${110 + i * 80}" x2="${W - 110}" y2="${100 + i * 80}"/>`).join("")}
  </g>
  ${plate(360, 380)}
  ${plate(840, 380)}
  <circle cx="520" cy="230" r="40" fill="#ffffff" fill-opacity="0.35" stroke="#ffffff" stroke-opacity="0.7" stroke-width="4"/>
  <circle cx="680" cy="230" r="40" fill="#ffffff" fill-opacity="0.35" stroke="#ffffff" stroke-opacity="0.7" stroke-width="4"/>
  <circle cx="600" cy="560" r="90" fill="${p.accent}" opacity="0.25"/>
  <circle cx="600" cy="560" r="34" fill="#f3ead8"/>
  <circle cx="600" cy="560" r="12" fill="#ffb13b"/>`;
}

function roomScene(p: DemoPalette): string {
  const lamp = (x: number) => `
    <line x1="${x}" y1="0" x2="${x}" y2="170" stroke="#2b2b2b" stroke-width="4"/>
    <path d="M${x - 55} 230 Q${x} 150 ${x + 55} 230 Z" fill="${p.accent}"/>
    <ellipse cx="${x}" cy="236" rx="26" ry="10" fill="#ffe7a8"/>
    <ellipse cx="${x}" cy="560" rx="150" ry="40" fill="#ffe7a8" opacity="0.18"/>`;
  const table = (x: number) => `
    <rect x="${x - 110}" y="520" width="220" height="22" rx="6" fill="${p.wood}"/>
    <rect x="${x - 8}" y="542" width="16" height="120" fill="${p.wood}"/>
    <rect x="${x - 200}" y="500" width="60" height="12" rx="4" fill="#3a3a3a"/>
    <rect x="${x - 196}" y="512" width="10" height="150" fill="#3a3a3a"/>
    <rect x="${x + 140}" y="500" width="60" height="12" rx="4" fill="#3a3a3a"/>
    <rect x="${x + 186}" y="512" width="10" height="150" fill="#3a3a3a"/>
    <circle cx="${x - 40}" cy="510" r="14" fill="#f7f4ee"/>
    <circle cx="${x + 40}" cy="510" r="14" fill="#f7f4ee"/>`;
  return `
  <rect width="${W}" height="${H}" fill="${p.wall}"/>
  <rect x="0" y="660" width="${W}" height="${H - 660}" fill="${p.wood}"/>
  <rect x="0" y="650" width="${W}" height="14" fill="#000" opacity="0.15"/>
  <rect x="900" y="90" width="220" height="470" rx="110" fill="#b9d7ea"/>
  <rect x="900" y="90" width="220" height="470" rx="110" fill="none" stroke="#f5f1e8" stroke-width="16"/>
  <line x1="1010" y1="90" x2="1010" y2="560" stroke="#f5f1e8" stroke-width="10"/>
  ${lamp(220)}${lamp(560)}
  ${table(220)}${table(560)}`;
}

/** A scene as SVG markup (exported for tests and for looking at). */
export function demoPhotoSvg(scene: DemoScene, palette: DemoPalette): string {
  const body = scene === "table" ? tableScene(palette) : roomScene(palette);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg>`;
}

/** The scene rendered as a JPEG, as an upload would be stored. */
export async function renderDemoPhoto(scene: DemoScene, palette: DemoPalette): Promise<{ bytes: Buffer; width: number; height: number; contentType: "image/jpeg" }> {
  const bytes = await sharp(Buffer.from(demoPhotoSvg(scene, palette))).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  return { bytes, width: W, height: H, contentType: "image/jpeg" };
}
