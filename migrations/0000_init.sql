CREATE TABLE `officer_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`officer_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`officer_id`) REFERENCES `officers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `officer_sessions_officer` ON `officer_sessions` (`officer_id`);--> statement-breakpoint
CREATE TABLE `officers` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `officers_username_unique` ON `officers` (`username`);--> statement-breakpoint
CREATE TABLE `throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `committees` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text DEFAULT 'Asia/Shanghai' NOT NULL,
	`bar_rule` text DEFAULT 'disapprove-half' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `nominees` (
	`id` text PRIMARY KEY NOT NULL,
	`committee_id` text NOT NULL,
	`name` text NOT NULL,
	`birth_date` text NOT NULL,
	`current_post` text NOT NULL,
	`resume` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `nominees_committee` ON `nominees` (`committee_id`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` text PRIMARY KEY NOT NULL,
	`committee_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`title` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `persons_committee` ON `persons` (`committee_id`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`committee_id` text NOT NULL,
	`unit` text NOT NULL,
	`title` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `posts_unique` ON `posts` (`committee_id`,`unit`,`title`);--> statement-breakpoint
CREATE TABLE `attendees` (
	`meeting_id` text NOT NULL,
	`person_id` text NOT NULL,
	`class` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`title` text NOT NULL,
	`excused_reason` text,
	`signed_in_at` integer,
	`signed_out_at` integer,
	PRIMARY KEY(`meeting_id`, `person_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bars` (
	`id` text PRIMARY KEY NOT NULL,
	`committee_id` text NOT NULL,
	`nominee_id` text NOT NULL,
	`post_id` text NOT NULL,
	`meeting_id` text,
	`item_id` text,
	`round` integer,
	`vote_date` text NOT NULL,
	`lifts_on` text NOT NULL,
	`rule` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`nominee_id`) REFERENCES `nominees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bars_nominee_post` ON `bars` (`nominee_id`,`post_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `bars_vote` ON `bars` (`nominee_id`,`post_id`,`item_id`,`round`);--> statement-breakpoint
CREATE TABLE `item_nominees` (
	`item_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`nominee_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`item_id`, `nominee_id`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`nominee_id`) REFERENCES `nominees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `item_nominees_meeting` ON `item_nominees` (`meeting_id`,`nominee_id`);--> statement-breakpoint
CREATE TABLE `items` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`post_id` text NOT NULL,
	`seats` integer DEFAULT 1 NOT NULL,
	`open_selection` integer DEFAULT false NOT NULL,
	`pass_rule` text DEFAULT 'majority' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`round` integer DEFAULT 1 NOT NULL,
	`postponed_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `items_meeting` ON `items` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`committee_id` text NOT NULL,
	`date` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`opened_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `slips` (
	`meeting_id` text NOT NULL,
	`person_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`issued_at` integer NOT NULL,
	`redeemed_at` integer,
	PRIMARY KEY(`meeting_id`, `person_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slips_code` ON `slips` (`code_hash`);--> statement-breakpoint
CREATE TABLE `tablet_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`person_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tablet_sessions_person` ON `tablet_sessions` (`meeting_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`meeting_id` text NOT NULL,
	`size` integer NOT NULL,
	`root_hash` text NOT NULL,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `size`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `log_entries` (
	`meeting_id` text NOT NULL,
	`idx` integer NOT NULL,
	`type` text NOT NULL,
	`entry` text NOT NULL,
	`leaf_hash` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `idx`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_entries_leaf` ON `log_entries` (`meeting_id`,`leaf_hash`);