-- Booknetic 5.1 tables the import reads ({prefix}bkntc_*). Booknetic ships no CREATE TABLE (its installer
-- downloads the SQL from the vendor): the columns are those its models read and write
-- (shared/specs/booknetic-rest.md section 9), with the MySQL types such an install has: int ids and
-- Unix-second times, decimal money, JSON kept as longtext, dates as date. tenant_id is on every table the
-- SaaS add-on scopes (NULL on a plain install): the same tables serve both.
CREATE TABLE {prefix}bkntc_locations (
  id int(11) NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT NULL,
  address text DEFAULT NULL,
  phone_number varchar(50) DEFAULT NULL,
  notes text DEFAULT NULL,
  latitude varchar(50) DEFAULT NULL,
  longitude varchar(50) DEFAULT NULL,
  address_components text DEFAULT NULL,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  created_at datetime DEFAULT NULL,
  updated_at datetime DEFAULT NULL,
  created_by int(11) DEFAULT NULL,
  updated_by int(11) DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_service_categories (
  id int(11) NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  parent_id int(11) NOT NULL DEFAULT 0,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_services (
  id int(11) NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  price decimal(15,2) NOT NULL DEFAULT 0.00,
  deposit decimal(15,2) NOT NULL DEFAULT 0.00,
  deposit_type varchar(10) DEFAULT 'percent',
  hide_price tinyint(1) NOT NULL DEFAULT 0,
  hide_duration tinyint(1) NOT NULL DEFAULT 0,
  category_id int(11) DEFAULT NULL,
  duration int(11) NOT NULL DEFAULT 60,
  timeslot_length int(11) NOT NULL DEFAULT 0,
  buffer_before int(11) NOT NULL DEFAULT 0,
  buffer_after int(11) NOT NULL DEFAULT 0,
  is_recurring tinyint(1) NOT NULL DEFAULT 0,
  full_period_type varchar(20) DEFAULT NULL,
  full_period_value int(11) DEFAULT NULL,
  repeat_type varchar(20) DEFAULT NULL,
  recurring_payment_type varchar(20) DEFAULT NULL,
  repeat_frequency int(11) DEFAULT NULL,
  max_capacity int(11) NOT NULL DEFAULT 1,
  notes text DEFAULT NULL,
  color varchar(20) DEFAULT NULL,
  image varchar(255) DEFAULT NULL,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  is_visible tinyint(1) NOT NULL DEFAULT 1,
  created_at int(11) DEFAULT NULL,
  created_by int(11) DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY category_id (category_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_service_extras (
  id int(11) NOT NULL AUTO_INCREMENT,
  service_id int(11) DEFAULT NULL,
  category_id int(11) DEFAULT NULL,
  name varchar(255) NOT NULL DEFAULT '',
  price decimal(15,2) NOT NULL DEFAULT 0.00,
  duration int(11) NOT NULL DEFAULT 0,
  hide_price tinyint(1) NOT NULL DEFAULT 0,
  hide_duration tinyint(1) NOT NULL DEFAULT 0,
  min_quantity int(11) NOT NULL DEFAULT 0,
  max_quantity int(11) NOT NULL DEFAULT 1,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  image varchar(255) DEFAULT NULL,
  notes text DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY service_id (service_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_staff (
  id int(11) NOT NULL AUTO_INCREMENT,
  user_id int(11) DEFAULT NULL,
  name varchar(255) NOT NULL DEFAULT '',
  email varchar(255) NOT NULL DEFAULT '',
  phone_number varchar(50) DEFAULT NULL,
  about text DEFAULT NULL,
  profession varchar(255) DEFAULT NULL,
  profile_image varchar(255) DEFAULT NULL,
  locations varchar(255) DEFAULT NULL,
  is_active tinyint(1) NOT NULL DEFAULT 1,
  google_access_token text DEFAULT NULL,
  google_calendar_id varchar(255) DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY user_id (user_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_service_staff (
  id int(11) NOT NULL AUTO_INCREMENT,
  service_id int(11) NOT NULL,
  staff_id int(11) NOT NULL,
  price decimal(15,2) NOT NULL DEFAULT -1.00,
  deposit decimal(15,2) NOT NULL DEFAULT -1.00,
  deposit_type varchar(10) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY service_id (service_id),
  KEY staff_id (staff_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_timesheet (
  id int(11) NOT NULL AUTO_INCREMENT,
  service_id int(11) DEFAULT NULL,
  staff_id int(11) DEFAULT NULL,
  timesheet longtext DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY service_id (service_id),
  KEY staff_id (staff_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_special_days (
  id int(11) NOT NULL AUTO_INCREMENT,
  service_id int(11) DEFAULT NULL,
  staff_id int(11) DEFAULT NULL,
  date date NOT NULL,
  timesheet longtext DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_holidays (
  id int(11) NOT NULL AUTO_INCREMENT,
  service_id int(11) DEFAULT NULL,
  staff_id int(11) DEFAULT NULL,
  date date NOT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_customers (
  id int(11) NOT NULL AUTO_INCREMENT,
  user_id int(11) DEFAULT NULL,
  first_name varchar(255) NOT NULL DEFAULT '',
  last_name varchar(255) NOT NULL DEFAULT '',
  email varchar(255) NOT NULL DEFAULT '',
  phone_number varchar(50) DEFAULT NULL,
  birthdate date DEFAULT NULL,
  notes text DEFAULT NULL,
  profile_image varchar(255) DEFAULT NULL,
  gender varchar(20) DEFAULT NULL,
  category_id int(11) DEFAULT NULL,
  created_by int(11) DEFAULT NULL,
  created_at datetime DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY email (email),
  KEY user_id (user_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_appointments (
  id int(11) NOT NULL AUTO_INCREMENT,
  location_id int(11) DEFAULT NULL,
  service_id int(11) DEFAULT NULL,
  staff_id int(11) DEFAULT NULL,
  customer_id int(11) DEFAULT NULL,
  status varchar(50) NOT NULL DEFAULT 'pending',
  starts_at int(11) NOT NULL DEFAULT 0,
  ends_at int(11) NOT NULL DEFAULT 0,
  busy_from int(11) NOT NULL DEFAULT 0,
  busy_to int(11) NOT NULL DEFAULT 0,
  weight int(11) NOT NULL DEFAULT 1,
  paid_amount decimal(15,2) NOT NULL DEFAULT 0.00,
  payment_method varchar(50) NOT NULL DEFAULT 'local',
  payment_status varchar(20) NOT NULL DEFAULT 'not_paid',
  payment_id varchar(32) DEFAULT NULL,
  recurring_id varchar(32) DEFAULT NULL,
  note text DEFAULT NULL,
  locale varchar(20) DEFAULT NULL,
  client_timezone varchar(100) DEFAULT NULL,
  created_at int(11) DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY staff_busy (staff_id, busy_from, busy_to),
  KEY customer_id (customer_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_appointment_extras (
  id int(11) NOT NULL AUTO_INCREMENT,
  appointment_id int(11) NOT NULL,
  extra_id int(11) NOT NULL,
  quantity int(11) NOT NULL DEFAULT 1,
  price decimal(15,2) NOT NULL DEFAULT 0.00,
  duration int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY appointment_id (appointment_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_appointment_prices (
  id int(11) NOT NULL AUTO_INCREMENT,
  appointment_id int(11) NOT NULL,
  unique_key varchar(255) NOT NULL DEFAULT '',
  price decimal(15,2) NOT NULL DEFAULT 0.00,
  negative_or_positive tinyint(2) NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  KEY appointment_id (appointment_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE {prefix}bkntc_notifications (
  id int(11) NOT NULL AUTO_INCREMENT,
  user_id int(11) NOT NULL,
  type varchar(50) NOT NULL DEFAULT 'in_app_notification',
  title varchar(255) NOT NULL DEFAULT '',
  message text NOT NULL,
  action_type varchar(50) DEFAULT NULL,
  action_data text DEFAULT NULL,
  read_at datetime DEFAULT NULL,
  created_at datetime DEFAULT NULL,
  updated_at datetime DEFAULT NULL,
  tenant_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY user_id (user_id),
  KEY tenant_id (tenant_id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
