<?php
// TeamBooking 2.5.7's stored values, made by PHP as the plugin makes them: the reservation columns that
// Database\Reservations::encode_object() writes, the postmeta of a tbk_service post, and the team_booking
// option (a serialized TeamBookingSettings object whose private members serialize as "\0Class\0name").
//
// The classes below declare the plugin's private members (names as in its sources, so the serialized
// bytes name them as the plugin's do); they hold values, no behaviour.

// src/TeamBooking/ReservationFormField.php: one entry of a reservation's form_fields column.
class TeamBooking_ReservationFormField
{
    private $value;
    private $label;
    private $name;
    private $price_increment;
    private $service_id;

    public function __construct(array $field)
    {
        $this->name = $field['name'];
        $this->value = $field['value'];
        $this->label = isset($field['label']) ? $field['label'] : ucfirst(str_replace('_', ' ', $field['name']));
        // setPriceIncrement() casts to float; a field without one keeps NULL
        $this->price_increment = isset($field['price_increment']) ? (float)$field['price_increment'] : NULL;
        $this->service_id = isset($field['service_id']) ? $field['service_id'] : NULL;
    }
}

// src/TeamBooking/Coworker.php: one value of the settings' coworkers_data (keyed by WordPress user id).
class TeamBookingCoworker
{
    private $coworker_id;
    private $calendar_id;
    private $access_token;
    private $tb_api_token;
    private $custom_event_settings;
    private $services_allowed;
    private $auth_google_account;

    public function __construct(array $data)
    {
        $this->coworker_id = (int)$data['id'];
        $this->calendar_id = isset($data['calendar_id']) ? $data['calendar_id'] : NULL;
        $this->access_token = isset($data['access_token']) ? $data['access_token'] : '';
        $this->tb_api_token = $data['api_token'];
        $this->custom_event_settings = array();
        $this->services_allowed = isset($data['services_allowed']) ? $data['services_allowed'] : NULL;
        $this->auth_google_account = isset($data['google_account']) ? $data['google_account'] : NULL;
    }
}

// A payment gateway's settings object, as the TeamBookingSettings constructor adds three of them.
class TeamBooking_PaymentGateways_Stripe_Settings
{
    private $gateway_id = 'stripe';
    private $active = FALSE;
    private $secret_key = '';
    private $publishable_key = '';
    private $use_test_keys = FALSE;
}

// src/TeamBooking/Settings.php: the option "team_booking". Members in the plugin's declaration order.
class TeamBookingSettings
{
    private $coworkers_data;
    private $coworkers_url_array = array();
    private $drop_tables_on_unistall = FALSE;
    private $show_ical = TRUE;
    private $gmaps_api_key;
    private $skip_gmaps_library = FALSE;
    private $gmaps_zoom_level = 14;
    private $application_cliend_id;
    private $application_client_secret;
    private $application_project_name;
    private $color_background = '#FFFFFF';
    private $color_weekline = '#FFBDBD';
    private $pattern = array('weekline' => 0, 'calendar' => 0);
    private $color_free_slot = '#A1CF64';
    private $color_soldout_slot = '#d95c5c';
    private $group_slots_by = 'time';
    private $border = array('size' => 5, 'color' => '#CCCCCC', 'radius' => 0);
    private $price_tag_color = 'yellow';
    private $slot_style = 0;
    private $numbered_dots_lower_bound = 0;
    private $numbered_dots_logic = 'slots';
    private $map_style = 0;
    private $map_style_use_default = FALSE;
    private $fix_62dot5 = FALSE;
    private $version = '2.5.7';
    private $first_month_with_free_slot_is_shown = FALSE;
    private $autofill_reservation_form = TRUE;
    private $database_reservation_timeout = 0;
    private $max_pending_time = 3600;
    private $registration_url;
    private $login_url;
    private $redirect_back_after_login;
    private $payment_gateways;
    private $currency_code;
    private $tokens = array();
    private $continents_allowed = array('Africa' => TRUE, 'America' => TRUE, 'Europe' => TRUE);
    private $secret_key;
    private $allow_cart = FALSE;
    private $template_for_vpages = 'page.php';
    private $links_direct_page = 0;
    private $order_redirect_rule = 'no';
    private $order_redirect_url = '';
    private $batch_email_by_service = FALSE;
    private $allow_slot_commands = FALSE;
    private $block_slots_in_cart = FALSE;
    private $slots_in_cart_expiration_time = 900;
    private $cookie_policy = 0;
    private $silent_debug;
    private $bookings;
    private $logs;
    private $error_logs;

    public function __construct(array $settings)
    {
        $this->currency_code = $settings['currency_code'];
        // addToken(): token => array('write' => bool, 'usages' => array(operation => calls))
        foreach ($settings['tokens'] as $token => $record) {
            $this->tokens[ $token ] = array('write' => (bool)$record['write'], 'usages' => $record['usages']);
        }
        $this->coworkers_data = array();
        foreach ($settings['coworkers'] as $coworker) {
            $this->coworkers_data[ (int)$coworker['id'] ] = new TeamBookingCoworker($coworker);
        }
        $this->payment_gateways = array('stripe' => new TeamBooking_PaymentGateways_Stripe_Settings());
        $this->secret_key = base64_encode(str_repeat("\x5a", 256));
    }
}

// Database\Reservations::encode_object(): base64 of raw DEFLATE of serialize().
function tb_encode_object($value) {
    return base64_encode(gzdeflate(serialize($value)));
}

// A reservation's form_fields column from [{name, value, label?, price_increment?, service_id?}, ...].
function wpcmd_tb_form_fields($fields) {
    $objects = array();
    foreach ($fields as $field) {
        $objects[] = new TeamBooking_ReservationFormField($field);
    }
    return tb_encode_object($objects);
}

// The discounts, payment_details or files column of a plain value (arrays, as the plugin stores them).
function wpcmd_tb_encode($value) {
    return tb_encode_object($value);
}

// The option team_booking as update_option() stores an object: serialize().
function wpcmd_tb_settings($settings) {
    return serialize(new TeamBookingSettings($settings));
}

// The postmeta of a tbk_service post, as Database\Services::add() has wp_insert_post() write them: each
// property "tbk_<name>", each setting "_tbk_<name>", through update_metadata()'s maybe_serialize() (arrays
// serialized, scalars as PHP's string of them: TRUE "1", FALSE and NULL "", 25.0 "25").
// Returns [[meta_key, meta_value], ...].
function wpcmd_tb_service_meta($properties, $settings) {
    $pairs = array();
    foreach ($properties as $name => $value) {
        if ($name === 'price') {
            $value = (float)$value;  // setPrice()
        }
        $pairs[] = array('tbk_' . $name, is_array($value) ? serialize($value) : (string)$value);
    }
    foreach ($settings as $name => $value) {
        $pairs[] = array('_tbk_' . $name, is_array($value) ? serialize($value) : (string)$value);
    }
    return $pairs;
}
