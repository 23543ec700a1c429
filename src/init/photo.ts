import sharp from 'sharp';

/**
 * A small photo for the starter story: a harbour at dusk, drawn as SVG and
 * encoded as a real JPEG, so the site shows from its first build how gazette
 * publishes photos (sizes, formats, captions, social cards).
 */
export async function starterPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1d3557"/><stop offset="0.55" stop-color="#e76f51"/><stop offset="1" stop-color="#f4a261"/>
    </linearGradient>
    <linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#264653"/><stop offset="1" stop-color="#0b1d26"/>
    </linearGradient>
  </defs>
  <rect width="1200" height="520" fill="url(#sky)"/>
  <circle cx="840" cy="470" r="70" fill="#ffd6a5" opacity="0.9"/>
  <path d="M0 520 L0 430 L90 430 L90 380 L150 380 L150 450 L240 450 L240 330 L300 330 L300 460 L380 460 L380 400 L460 400 L460 520 Z" fill="#14213d"/>
  <path d="M620 520 L620 300 L640 300 L640 250 L660 250 L660 520 Z M700 520 L700 360 L760 360 L760 520 Z" fill="#14213d"/>
  <path d="M560 520 L600 300 L610 300 L720 520 Z" fill="none" stroke="#14213d" stroke-width="8"/>
  <rect y="520" width="1200" height="280" fill="url(#sea)"/>
  <path d="M180 600 L420 600 L390 640 L210 640 Z" fill="#0d1b2a"/>
  <rect x="260" y="560" width="90" height="40" fill="#0d1b2a"/>
  <g stroke="#f4a261" stroke-width="4" opacity="0.5">
    <line x1="760" y1="560" x2="920" y2="560"/><line x1="790" y1="600" x2="890" y2="600"/><line x1="810" y1="640" x2="870" y2="640"/>
  </g>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}
