<?php
// Values the import's PHP-value and date tests need PHP itself to make: objects with private and
// protected members, references, custom (C:) serialization, and PHP's reading of a local wall time.

class WpcompatCoreFixture {
    public $name;
    protected $mode;
    private $secret;

    public function __construct($name, $mode, $secret) {
        $this->name = $name;
        $this->mode = $mode;
        $this->secret = $secret;
    }
}

// serialize() of an object with a public, a protected and a private member.
function wpcmd_core_object($name, $mode, $secret) {
    return serialize(new WpcompatCoreFixture($name, $mode, $secret));
}

// serialize() of a JSON text decoded to stdClass objects (json_decode without assoc), arrays inside.
function wpcmd_core_stdclass($json) {
    return serialize(json_decode($json, false, 512, JSON_THROW_ON_ERROR));
}

// serialize() of an array holding one array twice by reference: PHP writes R: for the second.
function wpcmd_core_reference() {
    $shared = ['a' => 1];
    $value = ['first' => &$shared, 'second' => &$shared];
    return serialize($value);
}

// serialize() of one object in two places: PHP writes r: for the second.
function wpcmd_core_object_twice() {
    $object = new stdClass();
    $object->x = 1;
    return serialize([$object, $object]);
}

// serialize() of a Serializable object: custom C: serialization (deprecated in PHP 8.1, still written).
function wpcmd_core_custom($payload) {
    set_error_handler(function () { return true; }, E_DEPRECATED);
    require_once __DIR__ . '/../fixtures/custom_serializable.php';
    restore_error_handler();
    return serialize(new WpcompatCustomSerializable($payload));
}

// Unix time of a site-local wall time, as the plugins compute it: new DateTime($local, $zone).
function wpcmd_core_local_epoch($local, $zone) {
    return (new DateTime($local, new DateTimeZone($zone)))->getTimestamp();
}

// TeamBooking's column format (Reservations::encode_object): base64 of gzdeflate (raw DEFLATE) of serialize().
function wpcmd_core_deflated($value) {
    return base64_encode(gzdeflate(serialize($value)));
}

// The UTC offset (seconds) at $timestamp of the zone WordPress's wp_timezone() builds from these options:
// timezone_string when set, else gmt_offset (hours, maybe fractional) as a fixed "+HH:MM" zone.
function wpcmd_core_site_offset($timezone_string, $gmt_offset, $timestamp) {
    if ($timezone_string) {
        $zone = $timezone_string;
    } else {
        $offset = (float) $gmt_offset;
        $hours = (int) $offset;
        $zone = sprintf('%s%02d:%02d', $offset < 0 ? '-' : '+', abs($hours), abs(($offset - $hours) * 60));
    }
    return (new DateTimeZone($zone))->getOffset(new DateTime('@' . $timestamp));
}

// The same column as PHP's strict base64_decode() still reads it: wrapped in lines, or without its padding.
function wpcmd_core_deflated_wrapped($value) {
    return chunk_split(base64_encode(gzdeflate(serialize($value))), 16, "\r\n");
}

function wpcmd_core_deflated_unpadded($value) {
    return rtrim(base64_encode(gzdeflate(serialize($value))), '=');
}

// What TeamBooking's Reservations::decode_object() makes of a column, as JSON (objects as arrays).
function wpcmd_core_decode_object($column) {
    $base = base64_decode($column, true);
    return $base ? unserialize(gzinflate($base)) : unserialize($column);
}

class WpcompatCoreChild extends WpcompatCoreFixture {
    private $secret = 'the child\'s own';
}

// serialize() of an object whose class and parent class each have a private $secret.
function wpcmd_core_object_shadowed() {
    return serialize(new WpcompatCoreChild('n', 1, 'the parent\'s'));
}
