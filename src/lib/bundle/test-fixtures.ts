/**
 * Test-only fixtures for the bundle unit tests: a P-256 self-signed certificate for
 * CN=mail.example.com made with `openssl req -x509` (OpenSSL 3), and its key. Known hash names
 * from `openssl x509 -hash -subject_hash_old`: 153054dd / 6aebb30b (also in pki-interop.md).
 */
import { decodePem } from '../pki/index.ts';

export const KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvuu908PMb1Fcb70l
iqovmjGfrEUaHgOju/KHTknplvqhRANCAATcUFx+p8i3EVo1jE7TXj+m7H2fybRg
7HmcmNn3CJRVVvmWaxX1nWeNyQ8M6ABu+zOZevWRDsMpuS6s6ybo5vOK
-----END PRIVATE KEY-----
`;

export const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBijCCATGgAwIBAgIUILFn5POEz9B1Qz5jm0rMKTCNomYwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQbWFpbC5leGFtcGxlLmNvbTAeFw0yNjExMjgwMjUxMDdaFw0z
NjExMjUwMjUxMDdaMBsxGTAXBgNVBAMMEG1haWwuZXhhbXBsZS5jb20wWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATcUFx+p8i3EVo1jE7TXj+m7H2fybRg7HmcmNn3
CJRVVvmWaxX1nWeNyQ8M6ABu+zOZevWRDsMpuS6s6ybo5vOKo1MwUTAdBgNVHQ4E
FgQU3Ta74qSolDaE6HriIAUGyI9UDqcwHwYDVR0jBBgwFoAU3Ta74qSolDaE6Hri
IAUGyI9UDqcwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBVU9bq
f6opU0tadrOExiZqGTwC18uaSkXKAswmI4cwGQIgFeG8PD4jBDjNCUtD+94OxuB0
b8ir4DbTZ5ahFqRVp2w=
-----END CERTIFICATE-----
`;

/** Another P-256 key: does not match CERT_PEM. */
export const OTHER_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDQ9oZ3s3aC5NoV/Z
PMWYB69Ys3ALEo+iRhideCspCvWhRANCAAS7UttZi/ty0o/mhCMcUyYoRuO/s852
YXOx+KVq4BUoZHyySBXErvTyYPjyWUu9sZnn+dm6LawtYOt/cMWaFoLK
-----END PRIVATE KEY-----
`;

export const CERT_DER = decodePem(CERT_PEM, ['CERTIFICATE']).der;
export const CERT_HASHES = { hash: '153054dd', hashOld: '6aebb30b' };

/** A CA certificate (EC P-256, "CN=Example Client CA") standing for the CA a rotation retires. */
export const RETIRED_CA_DER = decodePem(`-----BEGIN CERTIFICATE-----
MIIBnTCCAUOgAwIBAgIUEP1igsyigFNPz3qkZtAeBubIibMwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRRXhhbXBsZSBDbGllbnQgQ0EwHhcNMjYxMjAyMDkwOTM4WhcN
MzYxMTI5MDkwOTM4WjAcMRowGAYDVQQDDBFFeGFtcGxlIENsaWVudCBDQTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABLfpWdjLCwPIH3TcUU+10rU6j/txTul+fNO3
of2pWQzdM6WMAr9T4kZJB/HEvsUMB440FibCDJTLLR/oOqC1RDCjYzBhMB0GA1Ud
DgQWBBQJ5Jfa8qEHQeVCIbJYCI0a2fny+jAfBgNVHSMEGDAWgBQJ5Jfa8qEHQeVC
IbJYCI0a2fny+jAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggq
hkjOPQQDAgNIADBFAiAhGyjXju6qHPV6t2VAHCyj6IMlaq75kernyZFBcDeWXQIh
AKKKvFf+Ru8hbZBlnucHntiTPV72uOlgyqeNOKou8zv5
-----END CERTIFICATE-----
`, ['CERTIFICATE']).der;
export const RETIRED_CA_HASHES = { hash: '4d012d1a', hashOld: '343bdbfb' };

/** A UUID source that counts, so bundles built in tests are byte-for-byte repeatable. */
export function countingUUID(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}
