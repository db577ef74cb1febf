<?php
// Booknetic: the JSON columns (timesheet, special days, plan permissions, notification action_data) as
// Booknetic writes them, with PHP's json_encode (slashes escaped as \/, non-ASCII as \uXXXX).

// json_encode() of a value decoded from JSON (objects become arrays; an empty object encodes as []).
function wpcmd_booknetic_json($value) {
    return json_encode($value);
}
