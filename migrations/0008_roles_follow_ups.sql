ALTER TABLE `persons` ADD `role` text;--> statement-breakpoint
CREATE UNIQUE INDEX `persons_secretary` ON `persons` (`committee_id`) WHERE role = 'secretary';--> statement-breakpoint
ALTER TABLE `attendees` ADD `role` text;--> statement-breakpoint
ALTER TABLE `items` ADD `follows_up_item_id` text;--> statement-breakpoint
ALTER TABLE `items` ADD `follows_up_meeting_id` text;--> statement-breakpoint
ALTER TABLE `items` ADD `follows_up_leaf` text;--> statement-breakpoint
CREATE UNIQUE INDEX `items_follows_up` ON `items` (`follows_up_item_id`);