/**
 * Test support: a synthetic source component and the shared set-up of service integration
 * tests.
 */
package org.backplane.service.testsupport;
