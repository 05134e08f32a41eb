/** Messages added by the walk-through fixes (issue 17 item 8): small texts of several screens. */
export const jaWalk = {
  'walk.restore.unlockNext': '続けて、バックアップ元の保管庫のパスフレーズで保管庫のロックを解除してください。',
  'walk.key.retry': 'このパスワードでもう一度読み込む',
} as const;

export const enWalk: Record<keyof typeof jaWalk, string> = {
  'walk.restore.unlockNext': 'Now unlock the vault with the passphrase of the backup’s vault.',
  'walk.key.retry': 'Read it again with this password',
};
