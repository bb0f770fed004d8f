CREATE TABLE `identity_confirmations` (
	`id` text PRIMARY KEY NOT NULL,
	`committee_id` text NOT NULL,
	`subject` text NOT NULL,
	`subject_id` text NOT NULL,
	`distinct_from` text NOT NULL,
	`confirmed_by` text NOT NULL,
	`confirmed_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identity_confirmations_subject` ON `identity_confirmations` (`committee_id`,`subject`,`subject_id`);--> statement-breakpoint
ALTER TABLE `nominees` ADD `identity_key` text;--> statement-breakpoint
CREATE INDEX `nominees_identity` ON `nominees` (`committee_id`,`identity_key`);--> statement-breakpoint
ALTER TABLE `persons` ADD `identity_key` text;--> statement-breakpoint
CREATE INDEX `persons_identity` ON `persons` (`committee_id`,`identity_key`);