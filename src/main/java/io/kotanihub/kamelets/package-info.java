/**
 * The Java steps of the Kotani Kamelets (top-level {@code kamelets/}, also {@code classpath:kamelets/}): classifying
 * Kotani's answer and verifying a webhook's signature, each by the hub's own {@code kotani} code. Plain Camel and
 * Jackson only, no Spring, so that any Camel 4 runtime can run the Kamelets with these classes on its classpath.
 */
package io.kotanihub.kamelets;
