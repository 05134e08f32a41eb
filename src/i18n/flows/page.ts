/** The page's own failures (src/ui/page-error.ts): a screen whose code did not load (issue 15 item 3). */
export const jaPage = {
  'error.page.VIEW_NOT_LOADED':
    'この画面のプログラムを読み込めませんでした。ページを再読み込みしてください。それでも表示されない場合は、ページのファイルが途中で切れているか変更されている可能性があります。配布元から入手し直し、SHA-256 を確かめてください。',
} as const;

export const enPage: Record<keyof typeof jaPage, string> = {
  'error.page.VIEW_NOT_LOADED':
    'The code of this screen could not be loaded. Reload the page. If the screen still does not appear, the page file may be cut short or changed: get it again from where you downloaded it and check its SHA-256.',
};
