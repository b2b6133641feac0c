package dev.dervisher.post;

import java.util.Set;

import dev.dervisher.ExitCodes;
import dev.dervisher.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Which PutRecords failures are worth another try, and which end the run with which exit code. */
final class Failures {

    /** Per-entry error codes that PutRecords reports for entries worth retrying. */
    private static final Set<String> RETRYABLE_ENTRY_CODES = Set.of(
            "ProvisionedThroughputExceededException", "InternalFailure", "InternalFailureException",
            "KMSThrottlingException", "ServiceUnavailable", "ServiceUnavailableException");

    private static final Set<String> RETRYABLE_CALL_CODES = Set.of(
            "ProvisionedThroughputExceededException", "LimitExceededException", "KMSThrottlingException",
            "InternalFailure", "InternalFailureException", "ServiceUnavailable", "ServiceUnavailableException",
            "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeoutException",
            "SlowDown", "TooManyRequestsException");

    private static final Set<String> CREDENTIAL_CODES = Set.of(
            "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidSignatureException",
            "ExpiredTokenException", "ExpiredToken", "IncompleteSignature", "IncompleteSignatureException",
            "MissingAuthenticationToken", "MissingAuthenticationTokenException", "InvalidClientTokenId",
            "SignatureDoesNotMatch", "KMSAccessDeniedException");

    private static final Set<String> STREAM_CODES = Set.of("ResourceNotFoundException", "ResourceInUseException");

    private Failures() {
    }

    static boolean retryableEntry(String errorCode) {
        return RETRYABLE_ENTRY_CODES.contains(errorCode);
    }

    static boolean retryableCall(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = AwsErrors.code(service);
            if (CREDENTIAL_CODES.contains(code) || STREAM_CODES.contains(code)) {
                return false;
            }
            return service.statusCode() >= 500 || service.isThrottlingException()
                    || RETRYABLE_CALL_CODES.contains(code);
        }
        // Timeouts, refused and dropped connections, unreadable responses: the call may be tried again.
        return e instanceof SdkClientException || e.retryable();
    }

    static int exitCodeFor(String errorCode) {
        if (CREDENTIAL_CODES.contains(errorCode)) {
            return ExitCodes.ACCOUNT;
        }
        if (STREAM_CODES.contains(errorCode)) {
            return ExitCodes.STREAM;
        }
        return ExitCodes.DELIVERY;
    }
}
