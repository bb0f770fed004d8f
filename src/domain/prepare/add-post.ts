import type { AppDeps } from '../../deps';
import { posts } from '../../db/schema';
import { AppError } from '../../errors';
import { newId } from '../../ids';
import { requireCommittee, type Post } from './committees';

/** A post (unit + title) of the committee; R3 bars are per post, so a post is named once. */
export async function addPost(deps: AppDeps, committeeId: string, input: { unit: string; title: string }): Promise<Post> {
  await requireCommittee(deps.db, committeeId);
  const row: Post = { id: newId('pst'), committeeId, unit: input.unit, title: input.title, createdAt: deps.now().getTime() };
  const inserted = await deps.db.insert(posts).values(row).onConflictDoNothing().returning({ id: posts.id });
  if (inserted.length === 0) throw new AppError('already_exists', `The post ${input.unit} ${input.title} already exists`);
  return row;
}
