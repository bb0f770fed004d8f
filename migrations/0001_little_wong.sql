-- Edited by hand: ballots is WITHOUT ROWID. A rowid (or an autoincrement key) would record the
-- order in which ballots arrived, which together with sign-in times could link a ballot to a
-- member (R7). Rows are stored in ballot_pk order, i.e. in random order.
CREATE TABLE `ballots` (
	`ballot_pk` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`item_id` text NOT NULL,
	`round` integer NOT NULL,
	`purpose` text NOT NULL,
	`class` text NOT NULL,
	`ballot` text NOT NULL,
	`receipt` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `ballots_vote` ON `ballots` (`item_id`,`round`,`purpose`,`class`);--> statement-breakpoint
CREATE TABLE `tokens` (
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
);
--> statement-breakpoint
CREATE INDEX `tokens_class` ON `tokens` (`item_id`,`round`,`purpose`,`class`);--> statement-breakpoint
CREATE TABLE `votes` (
	`item_id` text NOT NULL,
	`round` integer NOT NULL,
	`purpose` text NOT NULL,
	`meeting_id` text NOT NULL,
	`status` text NOT NULL,
	`present_members` text NOT NULL,
	`present_observers` text NOT NULL,
	`result` text,
	`reconsidered` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`item_id`, `round`, `purpose`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_meeting` ON `votes` (`meeting_id`,`status`);