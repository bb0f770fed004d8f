import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { posts } from '../../db/schema';
import { isForeignKeyFailure, refuseIfUsed } from './in-use';
import { postUses } from './uses';
import { requirePostById } from './update-post';

/** Removes a post no item and no bar uses (change or remove those items first). */
export async function removePost(deps: AppDeps, postId: string): Promise<void> {
  await requirePostById(deps, postId);
  refuseIfUsed('post', postId, await postUses(deps.db, postId));
  try {
    await deps.db.delete(posts).where(eq(posts.id, postId));
  } catch (err) {
    // An item or a bar took the post since the check: the foreign key keeps it.
    if (isForeignKeyFailure(err)) refuseIfUsed('post', postId, await postUses(deps.db, postId));
    throw err;
  }
}
