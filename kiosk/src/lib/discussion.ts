/**
 * The presiding officer's notes of an item's discussion (R11) before they are sent: who asked to
 * speak, and who has spoken, in order. Names only; nothing said is kept. The secretary (书记)
 * states a view last (002 "县委书记不得提前表态"): `waiting` tells the console whom the secretary
 * would speak before, so it can warn first.
 */
import { waitingBeforeSecretary } from '../../../src/rules';

export class DiscussionDraft {
  readonly asked = new Set<string>();
  readonly spoken: string[] = [];

  constructor(readonly secretary: string | null) {}

  toggleAsked(person: string, on: boolean): void {
    if (on) this.asked.add(person);
    else this.asked.delete(person);
  }

  /** Those who asked and have not spoken, if `person` is the secretary about to speak; else none. */
  waiting(person: string): string[] {
    if (this.secretary === null || person !== this.secretary) return [];
    return waitingBeforeSecretary([...this.asked], this.spoken, this.secretary);
  }

  speak(person: string): void {
    if (!this.spoken.includes(person)) this.spoken.push(person);
  }

  /** Takes back the last speaker (a slip of the finger). */
  undo(): void {
    this.spoken.pop();
  }

  /** Whether the secretary has spoken and someone spoke after (the server refuses that, R11). */
  secretaryNotLast(): boolean {
    if (this.secretary === null) return false;
    const at = this.spoken.indexOf(this.secretary);
    return at !== -1 && at !== this.spoken.length - 1;
  }
}
