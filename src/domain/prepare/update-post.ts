import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { posts } from '../../db/schema';
import { AppError } from '../../errors';
import { isUniqueFailure } from './guard';
import { refuseIfUsed } from './in-use';
import { postUses } from './uses';

export async function requirePostById(deps: AppDeps, postId: string) {
  const [row] = await deps.db.select().from(posts).where(eq(posts.id, postId));
  if (!row) throw new AppError('not_found', `No post ${postId}`);
  return row;
}

/**
 * Corrects a post's unit or title. R3 bars are per post: once a post has been voted on (a sealed
 * meeting's item) or carries a bar, renaming it would move that history to another post, so it is
 * refused; add the new post instead. Draft items follow the rename.
 */
export async function updatePost(deps: AppDeps, postId: string, changes: { unit?: string; title?: string }) {
  const post = await requirePostById(deps, postId);
  const { sealedItems, bars } = await postUses(deps.db, postId);
  refuseIfUsed('post', postId, { sealedItems, bars });
  try {
    const [row] = await deps.db
      .update(posts)
      .set({ unit: changes.unit ?? post.unit, title: changes.title ?? post.title })
      .where(eq(posts.id, postId))
      .returning();
    return row!;
  } catch (err) {
    if (isUniqueFailure(err, 'posts')) throw new AppError('already_exists', `The post ${changes.unit ?? post.unit} ${changes.title ?? post.title} already exists`);
    throw err;
  }
}
