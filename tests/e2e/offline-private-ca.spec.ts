/**
 * 私的認証局 / private CA from file:// with the network cut (issue 6): the same flow and the same
 * openssl checks of the downloaded zip as private-ca.spec.ts.
 */
import { stopServers, tmpDir } from './checks.ts';
import { expectNoKeyMaterial, openFlow, test } from './fixtures.ts';
import { runPrivateCaFlow } from './private-ca-driver.ts';

const dir = tmpDir('e2e-offline-private-ca-');
test.afterAll(() => {
  stopServers();
  dir.cleanup();
});

test('private CA offline from file://: zip passes openssl verify and a TLS handshake', async ({ page, guard }) => {
  await openFlow(page, 'file-offline', 'private-ca');
  await runPrivateCaFlow(page, { lang: 'ja', host: 'mail.offline.example.test', dir: dir.path });
  await expectNoKeyMaterial(page, guard);
});
