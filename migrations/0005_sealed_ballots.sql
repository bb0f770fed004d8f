-- Edited by hand (issue 16, secrecy at rest). Close every open vote before applying it: the
-- ballots of a vote not yet closed are stored in clear by the old schema and cannot be sealed
-- here (SQL has no secrets), so the upgrade refuses rather than lose or expose them.
CREATE TABLE `upgrade_requires_closed_votes` (`ballots_of_open_votes` integer NOT NULL CHECK (`ballots_of_open_votes` = 0));
--> statement-breakpoint
INSERT INTO `upgrade_requires_closed_votes`
	SELECT count(*) FROM `ballots` b JOIN `votes` v ON v.`item_id` = b.`item_id` AND v.`round` = b.`round` AND v.`purpose` = b.`purpose`
	WHERE v.`status` <> 'closed';
--> statement-breakpoint
DROP TABLE `upgrade_requires_closed_votes`;
--> statement-breakpoint
-- Ballots of closed votes are in the log already. Their keys stay refused for the rest of
-- their meeting (spent_ballot_keys, public like the log); the old rows, whose pages kept
-- arrival order, are deleted rather than copied.
CREATE TABLE `spent_ballot_keys` (
	`meeting_id` text NOT NULL,
	`ballot_pk` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `ballot_pk`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `spent_ballot_keys` SELECT `meeting_id`, `ballot_pk` FROM `ballots` ORDER BY `meeting_id`, `ballot_pk`;
--> statement-breakpoint
DROP TABLE `ballots`;
--> statement-breakpoint
CREATE TABLE `ballots` (
	`row_key` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text NOT NULL,
	`round` integer NOT NULL,
	`purpose` text NOT NULL,
	`class` text NOT NULL,
	`sealed` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `ballots_vote` ON `ballots` (`item_id`,`round`,`purpose`,`class`);
--> statement-breakpoint
-- Tokens of closed votes are in the log (the issuance roll); only open votes need theirs, and
-- WITHOUT ROWID they keep no order of issuance.
CREATE TABLE `tokens_by_person` (
	`item_id` text NOT NULL,
	`round` integer NOT NULL,
	`purpose` text NOT NULL,
	`person_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`class` text NOT NULL,
	`blinded_hash` text NOT NULL,
	PRIMARY KEY(`item_id`, `round`, `purpose`, `person_id`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `tokens_by_person`
	SELECT t.`item_id`, t.`round`, t.`purpose`, t.`person_id`, t.`meeting_id`, t.`class`, t.`blinded_hash` FROM `tokens` t
	JOIN `votes` v ON v.`item_id` = t.`item_id` AND v.`round` = t.`round` AND v.`purpose` = t.`purpose`
	WHERE v.`status` <> 'closed'
	ORDER BY t.`item_id`, t.`round`, t.`purpose`, t.`person_id`;
--> statement-breakpoint
DROP TABLE `tokens`;
--> statement-breakpoint
ALTER TABLE `tokens_by_person` RENAME TO `tokens`;
--> statement-breakpoint
CREATE INDEX `tokens_class` ON `tokens` (`item_id`,`round`,`purpose`,`class`);
--> statement-breakpoint
CREATE TABLE `storage_sweeps` (
	`id` integer PRIMARY KEY NOT NULL,
	`sweeps` integer NOT NULL
);
