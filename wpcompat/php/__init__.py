"""PHP emulation: what the PHP runtime under WordPress does to a request's values, written once.

Both adapters and the REST/admin-ajax machinery import these; none of them knows WordPress.

=============  ======================================================================================
module         PHP behaviour
=============  ======================================================================================
``limits``     ``PHP_INT_MAX``/``PHP_INT_MIN``, ini defaults (``precision``, ``serialize_precision``,
               ``max_input_vars``, ``max_input_nesting_level``), ``json_decode``'s depth; decimal
               strings to a 64-bit int without ``int()`` on an over-long string
``casts``      ``(string)``/``strval``, ``(int)``/``intval``, ``(float)``/``floatval``, ``is_numeric``,
               array-key normalisation (``"5"`` is key 5), the one float-to-string rule (``zend_gcvt``)
``forms``      ``parse_str``, ``$_GET`` and ``$_POST``: bracket names, nesting, mangling, input limits;
               ``array_merge``
``json``       ``json_encode`` (default flags, byte for byte; the :class:`~.json.JsonRows` fast lane)
               and ``json_decode($text, true)`` with ``json_last_error()`` codes
``dates``      the ``Y-n-j`` dates ``new DateTime($text)`` reads (``2026-1-5``), not ``strtotime``
``filters``    ``filter_var``: ``FILTER_SANITIZE_STRING``, ``FILTER_SANITIZE_NUMBER_INT``,
               ``FILTER_VALIDATE_BOOLEAN``, ``FILTER_VALIDATE_INT``
=============  ======================================================================================

WordPress's own functions built on these (``rest_is_integer``, ``wp_parse_list``, ``wp_die`` …) stay
with the machinery that uses them (``wpcompat.rest``, ``wpcompat.ajax``).
"""
