"""Contains all the data models used in inputs/outputs"""

from .ai_generate_request import AiGenerateRequest
from .ai_operation import AiOperation
from .ai_stream_event import AiStreamEvent
from .api_key import ApiKey
from .create_api_key_request import CreateApiKeyRequest
from .create_integration_request import CreateIntegrationRequest
from .create_workflow_request import CreateWorkflowRequest
from .created_api_key import CreatedApiKey
from .created_integration import CreatedIntegration
from .current_workflow import CurrentWorkflow
from .delete_executions_response import DeleteExecutionsResponse
from .edge import Edge
from .empty_object import EmptyObject
from .error_response import ErrorResponse
from .execute_workflow_request import ExecuteWorkflowRequest
from .execution import Execution
from .execution_logs import ExecutionLogs
from .execution_started import ExecutionStarted
from .execution_status import ExecutionStatus
from .execution_with_workflow import ExecutionWithWorkflow
from .existing_workflow import ExistingWorkflow
from .integration import Integration
from .integration_summary import IntegrationSummary
from .integration_test_result import IntegrationTestResult
from .json_object import JsonObject
from .log_entry import LogEntry
from .node import Node
from .node_config import NodeConfig
from .node_data import NodeData
from .node_status import NodeStatus
from .node_updates import NodeUpdates
from .position import Position
from .project_files import ProjectFiles
from .project_files_files import ProjectFilesFiles
from .save_current_workflow_request import SaveCurrentWorkflowRequest
from .stored_edge import StoredEdge
from .stored_node import StoredNode
from .success_response import SuccessResponse
from .test_integration_config_request import TestIntegrationConfigRequest
from .update_integration_request import UpdateIntegrationRequest
from .update_user_request import UpdateUserRequest
from .update_workflow_request import UpdateWorkflowRequest
from .user import User
from .webhook_payload import WebhookPayload
from .webhook_trigger_response import WebhookTriggerResponse
from .workflow import Workflow
from .workflow_code import WorkflowCode

__all__ = (
    "AiGenerateRequest",
    "AiOperation",
    "AiStreamEvent",
    "ApiKey",
    "CreateApiKeyRequest",
    "CreateIntegrationRequest",
    "CreateWorkflowRequest",
    "CreatedApiKey",
    "CreatedIntegration",
    "CurrentWorkflow",
    "DeleteExecutionsResponse",
    "Edge",
    "EmptyObject",
    "ErrorResponse",
    "ExecuteWorkflowRequest",
    "Execution",
    "ExecutionLogs",
    "ExecutionStarted",
    "ExecutionStatus",
    "ExecutionWithWorkflow",
    "ExistingWorkflow",
    "Integration",
    "IntegrationSummary",
    "IntegrationTestResult",
    "JsonObject",
    "LogEntry",
    "Node",
    "NodeConfig",
    "NodeData",
    "NodeStatus",
    "NodeUpdates",
    "Position",
    "ProjectFiles",
    "ProjectFilesFiles",
    "SaveCurrentWorkflowRequest",
    "StoredEdge",
    "StoredNode",
    "SuccessResponse",
    "TestIntegrationConfigRequest",
    "UpdateIntegrationRequest",
    "UpdateUserRequest",
    "UpdateWorkflowRequest",
    "User",
    "WebhookPayload",
    "WebhookTriggerResponse",
    "Workflow",
    "WorkflowCode",
)
