ALTER TABLE `persons` ADD `rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `attendees` ADD `rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing rosters keep the order they were listed in: creation order within each kind.
UPDATE `persons` SET `rank` = (SELECT COUNT(*) FROM `persons` AS `p2` WHERE `p2`.`committee_id` = `persons`.`committee_id` AND `p2`.`kind` = `persons`.`kind` AND (`p2`.`created_at` < `persons`.`created_at` OR (`p2`.`created_at` = `persons`.`created_at` AND `p2`.`id` <= `persons`.`id`)));--> statement-breakpoint
UPDATE `attendees` SET `rank` = COALESCE((SELECT `rank` FROM `persons` WHERE `persons`.`id` = `attendees`.`person_id`), 0);
