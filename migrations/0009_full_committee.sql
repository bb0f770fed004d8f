ALTER TABLE `committees` ADD `kind` text DEFAULT 'standing' NOT NULL;--> statement-breakpoint
ALTER TABLE `committees` ADD `standing_committee_id` text;--> statement-breakpoint
ALTER TABLE `attendees` ADD `kind` text DEFAULT 'observer' NOT NULL;--> statement-breakpoint
ALTER TABLE `items` ADD `kind` text DEFAULT 'appointment' NOT NULL;--> statement-breakpoint
-- Rosters snapshotted before kinds existed: class A rows are members, class B observers.
UPDATE `attendees` SET `kind` = 'member' WHERE `class` = 'A';
