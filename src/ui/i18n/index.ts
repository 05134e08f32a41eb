/** What flows import for text: the reactive `t`, error-code text, and the pure helpers. */
export { t } from '../state/app.svelte.ts';
export { describeError, type DescribedError } from './error-messages.ts';
export { formatSize, LANGS, type Lang, type MessageKey, type MessageParams } from '../../i18n/translate.ts';
