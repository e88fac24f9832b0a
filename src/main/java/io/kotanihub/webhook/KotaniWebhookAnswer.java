package io.kotanihub.webhook;

/** What {@code POST /webhooks/kotani} answers: an HTTP status, a content type and a JSON body. */
public record KotaniWebhookAnswer(int status, String contentType, String body) {
}
