<?php
// WordPress core: serialized options and usermeta, application-password hashes of both eras.

// maybe_serialize() of a value decoded from JSON (objects become arrays, as WordPress stores them).
function wpcmd_serialize($value) {
    return serialize($value);
}

// wp_fast_hash() of WordPress 6.8+: "$generic$" + base64url(BLAKE2b-240 keyed "wp_fast_hash_6.8+").
function wpcmd_generic_hash($password) {
    $hash = sodium_crypto_generichash($password, 'wp_fast_hash_6.8+', 30);
    return '$generic$' . sodium_bin2base64($hash, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING);
}

// wp_hash_password() before 6.8: WordPress's own phpass, portable "$P$" hashes, 2^13 rounds.
function wpcmd_phpass_hash($password) {
    $dir = getenv('WPCOMPAT_TEST_WORDPRESS_DIR');
    if (!$dir) {
        throw new RuntimeException('WPCOMPAT_TEST_WORDPRESS_DIR is not set (scripts/test-all.sh sets it)');
    }
    require_once $dir . '/wp-includes/class-phpass.php';
    $hasher = new PasswordHash(8, true);
    return $hasher->HashPassword(trim($password));
}
