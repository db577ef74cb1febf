-- The Booknetic SaaS add-on's own tables ({prefix}bkntc_tenants, {prefix}bkntc_plans), created next to
-- booknetic.sql's: columns as its Tenant and Plan models use them (shared/specs/booknetic-rest.md
-- section 9). A tenant's booking rows are the booknetic.sql tables' rows with its tenant_id; its options
-- are bkntc_t<tenant id>_<name>. plans.permissions is JSON:
-- {"capabilities": {"<capability>": "on"|"off"}, "limits": {"<limit>": <int>}}.
CREATE TABLE {prefix}bkntc_plans (
  id int(11) NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  ribbon_text varchar(255) DEFAULT NULL,
  color varchar(20) DEFAULT NULL,
  order_by int(11) NOT NULL DEFAULT 0,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  is_default tinyint(1) NOT NULL DEFAULT 0,
  expire_plan tinyint(1) NOT NULL DEFAULT 0,
  description text DEFAULT NULL,
  monthly_price decimal(15,2) NOT NULL DEFAULT 0.00,
  monthly_price_discount int(11) NOT NULL DEFAULT 0,
  annually_price decimal(15,2) NOT NULL DEFAULT 0.00,
  annually_price_discount int(11) NOT NULL DEFAULT 0,
  permissions longtext DEFAULT NULL,
  stripe_product_data text DEFAULT NULL,
  PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_tenants (
  id int(11) NOT NULL AUTO_INCREMENT,
  user_id int(11) DEFAULT NULL,
  plan_id int(11) DEFAULT NULL,
  full_name varchar(255) NOT NULL DEFAULT '',
  email varchar(255) NOT NULL DEFAULT '',
  domain varchar(255) NOT NULL DEFAULT '',
  picture varchar(255) DEFAULT NULL,
  expires_in date DEFAULT NULL,
  money_balance decimal(15,2) NOT NULL DEFAULT 0.00,
  active_subscription varchar(255) DEFAULT NULL,
  inserted_at datetime DEFAULT NULL,
  verified_at datetime DEFAULT NULL,
  remember_token varchar(255) DEFAULT NULL,
  remember_token_sent_at datetime DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY domain (domain),
  KEY user_id (user_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
