ALTER TABLE `committees` ADD `ratio_policy` text DEFAULT 'proportional' NOT NULL;--> statement-breakpoint
ALTER TABLE `committees` ADD `majority_policy` text DEFAULT 'more-than-half' NOT NULL;--> statement-breakpoint
ALTER TABLE `committees` ADD `motion_policy` text DEFAULT 'more-than-half' NOT NULL;