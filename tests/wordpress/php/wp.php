<?php
// Produces the bytes a WordPress site stores, with PHP itself: the tests' WordPress databases hold
// hashes and serialized values made here, never by our own Python.
//
// stdin: a JSON list of commands, each [name, ...arguments]; stdout: a JSON list of their results.
// Each file in commands/ defines wpcmd_<name>() functions.
error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    throw new ErrorException($message, 0, $severity, $file, $line);
});
foreach (glob(__DIR__ . '/commands/*.php') as $file) {
    require_once $file;
}
$commands = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$results = [];
foreach ($commands as $command) {
    $name = array_shift($command);
    $results[] = call_user_func_array('wpcmd_' . $name, $command);
}
echo json_encode($results, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
