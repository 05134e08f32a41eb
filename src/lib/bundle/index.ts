/**
 * Public surface of the bundle module: what goes into a download and the zip writer.
 * The UI imports only from here.
 */
export { BundleError, isBundleError, type BundleErrorCode } from './errors.ts';
export { assertBundlePath, assertBundleFiles, serializeSha256Manifest, MANIFEST_PATH, type BundleFile } from './manifest.ts';
export { zipBundle, ZIP_FIXED_DATE, type ZipOptions } from './zip.ts';
export { BUNDLE_PATHS, type BundleFileRole } from './layout.ts';
export { buildMailRootBundle, type MailRootBundleInput, type MailRootBundleDeps } from './mailroot.ts';
export type { HashStyle, SubjectHashes } from './hash-dir.ts';
export type { TargetOs, TrustModel } from './install-steps.ts';
/** The language of a download's text: the catalogs' one language type. */
export type { Lang } from '../../i18n/translate.ts';
export { XMAIL_REG_KEY, XMAIL_REG_KEY_WOW64, encodeRegFile, serializeRegFile, type RegFile } from './registry.ts';
export { createClientIdentityProfile, serializeRootCaProfile, type ClientIdentityProfileInput, type MailEndpoint, type MailSecurity, type MailServerSettings, type RootCaProfileInput } from './mobileconfig.ts';
export { allKitsFiles, handOverSheetLines, kitBaseName, kitFileNames, serializeInstallPs1, serializePasswordList, userKitFiles, CLIENTS_DIR, MAIL_PROGRAMS, PASSWORDS_FILE_NAME, type KitCommon, type KitOptions, type KitPassword, type KitUser, type MailProgram, type SheetLine } from './client-kit.ts';
