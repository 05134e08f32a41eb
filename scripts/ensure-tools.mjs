// Finds or installs what the tests need: Chromium (Debian `chromium`), openssl, pk12util/certutil
// (libnss3-tools), certtool (gnutls-bin), pdftotext/pdfinfo (poppler-utils). As root with apt it installs what is missing; otherwise
// it stops with a message naming the package. Playwright's own browser download cannot work here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const needs = [
  { what: 'Chromium', found: () => existsSync(chromium), pkg: 'chromium' },
  { what: 'openssl', found: () => has('openssl'), pkg: 'openssl' },
  { what: 'pk12util', found: () => has('pk12util') && has('certutil'), pkg: 'libnss3-tools' },
  { what: 'certtool', found: () => has('certtool') && has('gnutls-cli'), pkg: 'gnutls-bin' },
  // The printed hand-over sheet (page.pdf) is read back as text (issue 14).
  { what: 'pdftotext', found: () => has('pdftotext') && has('pdfinfo'), pkg: 'poppler-utils' },
  // Japanese glyphs for the screenshots the browser tests save for review (the page itself uses
  // the system's fonts and loads none).
  { what: 'a Japanese font', found: () => existsSync('/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'), pkg: 'fonts-ipafont-gothic' },
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = needs.filter((n) => !n.found());
if (missing.length > 0) {
  const pkgs = missing.map((n) => n.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    console.log(`ensure-tools: installing ${pkgs.join(' ')} with apt-get`);
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], {
        stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (e) {
      console.error(`ensure-tools: apt-get failed (${e.message})`);
    }
  }
  const still = needs.filter((n) => !n.found());
  if (still.length > 0) {
    for (const n of still) console.error(`ensure-tools: ${n.what} not found: install the Debian package "${n.pkg}" (apt-get install ${n.pkg})`);
    process.exit(1);
  }
}
console.log('ensure-tools: chromium, openssl, pk12util, certtool and a Japanese font present');
