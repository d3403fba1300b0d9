/**
 * The embedded default's demo: a handful of projects at different points of the lifecycle, walked there through
 * the application's own services by the demo users, exactly as a team would — never by writing tables. Only when
 * {@code stagegate.demo.enabled} is on and the database has no project yet.
 */
package io.stagegate.demo;
