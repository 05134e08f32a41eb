/**
 * The page's own coded failure (not a lib module's): a screen whose code did not load. In the
 * single file a screen's chunk is a block parsed on its first use (vite.config.ts singleFileChunks,
 * issue 15 item 3); a block missing, refused by the CSP or not parsing (the file edited), or a
 * hosted chunk file the network and the cache both lack, rejects the screen's import(). (A file
 * cut short loses the start's blocks too: src/main.ts says so for the whole page.) The user
 * reads error.page.VIEW_NOT_LOADED in their language (src/ui/i18n/error-messages.ts), not a blank screen.
 */
import { CodedError } from '../lib/coded-error.ts';

export const PAGE_ERROR_CODES = ['VIEW_NOT_LOADED'] as const;
export type PageErrorCode = (typeof PAGE_ERROR_CODES)[number];

export class PageError extends CodedError<PageErrorCode> {
  override readonly name = 'PageError';
}

/** A screen's loader whose failure is a PageError naming the screen (the cause kept for the details line). */
export function screenLoader<T>(id: string, load: () => Promise<T>): () => Promise<T> {
  return () =>
    load().catch((cause: unknown) => {
      throw new PageError('VIEW_NOT_LOADED', `screen ${id}: expected its code to load, found ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    });
}
