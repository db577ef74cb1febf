"""The booking domain: its tables and the plain functions that hold every booking rule once.

Adapters (``booknetic_api``, ``teambooking_ajax``) and the site-file loader resolve their wire shapes into
rows and call these; they never write a booking row themselves. Which module owns which rule:

Writes
    appointments   THE write path: ``book``, ``change``, ``delete``; new-booking status, default location,
                   extras, time held, prices, the re-check whenever a change holds time (again or more)
    customers      THE customer rules: one validator (sizes, gender), staff e-mails are no customers',
                   required/unique e-mail for records, find-or-create by contact details
    payments       money: totals, currency formatting, the payment edit's rules
    locations      locations: create, edit, the delete refusals
    notifications  the in-app notifications a booking or status change sends

Time and schedules
    availability   THE availability engine: working intervals, slots, seats (``validate_seats``), whether a
                   slot is free (``check_bookable``, ``check_time_free``)
    locks          the staff schedule lock every booking check takes
    clock          the tenant's time zone, local times and Unix seconds
    statuses       Booknetic's statuses, which hold time, and THE mapping to TeamBooking's

Reads
    appointment_list, customer_list, catalogue, dashboard, reservations (TeamBooking's view: slot ids,
    reservation rows), lookup (ids within the tenant), visibility (what a staff user sees), search

Shared
    models (tables), errors (the refusals every adapter translates)
"""
