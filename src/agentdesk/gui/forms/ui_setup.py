# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QGroupBox, QLabel, QLineEdit,
    QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_SetupDialog(object):
    def setupUi(self, SetupDialog):
        if not SetupDialog.objectName():
            SetupDialog.setObjectName(u"SetupDialog")
        SetupDialog.resize(560, 460)
        self.main_layout = QVBoxLayout(SetupDialog)
        self.main_layout.setSpacing(12)
        self.main_layout.setObjectName(u"main_layout")
        self.main_layout.setContentsMargins(20, 18, 20, 16)
        self.heading = QLabel(SetupDialog)
        self.heading.setObjectName(u"heading")

        self.main_layout.addWidget(self.heading)

        self.intro = QLabel(SetupDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.main_layout.addWidget(self.intro)

        self.routing_group = QGroupBox(SetupDialog)
        self.routing_group.setObjectName(u"routing_group")
        self.routing_layout = QVBoxLayout(self.routing_group)
        self.routing_layout.setObjectName(u"routing_layout")
        self.standalone_radio = QRadioButton(self.routing_group)
        self.standalone_radio.setObjectName(u"standalone_radio")
        self.standalone_radio.setChecked(True)

        self.routing_layout.addWidget(self.standalone_radio)

        self.standalone_path = QLabel(self.routing_group)
        self.standalone_path.setObjectName(u"standalone_path")
        self.standalone_path.setWordWrap(True)
        self.standalone_path.setIndent(24)
        self.standalone_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.routing_layout.addWidget(self.standalone_path)

        self.postgres_radio = QRadioButton(self.routing_group)
        self.postgres_radio.setObjectName(u"postgres_radio")

        self.routing_layout.addWidget(self.postgres_radio)

        self.postgres_form = QFormLayout()
        self.postgres_form.setObjectName(u"postgres_form")
        self.postgres_form.setContentsMargins(24, -1, -1, -1)
        self.url_label = QLabel(self.routing_group)
        self.url_label.setObjectName(u"url_label")

        self.postgres_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.url_label)

        self.url_edit = QLineEdit(self.routing_group)
        self.url_edit.setObjectName(u"url_edit")

        self.postgres_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.url_edit)

        self.password_label = QLabel(self.routing_group)
        self.password_label.setObjectName(u"password_label")

        self.postgres_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(self.routing_group)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.postgres_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password_edit)


        self.routing_layout.addLayout(self.postgres_form)


        self.main_layout.addWidget(self.routing_group)

        self.user_group = QGroupBox(SetupDialog)
        self.user_group.setObjectName(u"user_group")
        self.user_form = QFormLayout(self.user_group)
        self.user_form.setObjectName(u"user_form")
        self.login_label = QLabel(self.user_group)
        self.login_label.setObjectName(u"login_label")

        self.user_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.login_label)

        self.login_edit = QLineEdit(self.user_group)
        self.login_edit.setObjectName(u"login_edit")

        self.user_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.login_edit)


        self.main_layout.addWidget(self.user_group)

        self.error_label = QLabel(SetupDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.error_label)

        self.spacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.spacer)

        self.buttons = QDialogButtonBox(SetupDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.url_label.setBuddy(self.url_edit)
        self.password_label.setBuddy(self.password_edit)
        self.login_label.setBuddy(self.login_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.standalone_radio, self.postgres_radio)
        QWidget.setTabOrder(self.postgres_radio, self.url_edit)
        QWidget.setTabOrder(self.url_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.login_edit)

        self.retranslateUi(SetupDialog)

        QMetaObject.connectSlotsByName(SetupDialog)
    # setupUi

    def retranslateUi(self, SetupDialog):
        SetupDialog.setWindowTitle(QCoreApplication.translate("SetupDialog", u"Set up agentdesk", None))
        self.heading.setText(QCoreApplication.translate("SetupDialog", u"Welcome to agentdesk", None))
        self.intro.setText(QCoreApplication.translate("SetupDialog", u"Tell agentdesk where the routing database is and who you are. You can change this later in the settings file.", None))
        self.routing_group.setTitle(QCoreApplication.translate("SetupDialog", u"Routing database", None))
        self.standalone_radio.setText(QCoreApplication.translate("SetupDialog", u"Standalone: an SQLite file on this computer", None))
        self.postgres_radio.setText(QCoreApplication.translate("SetupDialog", u"Team: a shared PostgreSQL database", None))
        self.url_label.setText(QCoreApplication.translate("SetupDialog", u"Database URL", None))
        self.url_edit.setPlaceholderText(QCoreApplication.translate("SetupDialog", u"postgresql+psycopg://sato@db.example.com/agentdesk", None))
        self.password_label.setText(QCoreApplication.translate("SetupDialog", u"Password", None))
        self.password_edit.setPlaceholderText(QCoreApplication.translate("SetupDialog", u"kept in the system keyring, never in a file", None))
        self.user_group.setTitle(QCoreApplication.translate("SetupDialog", u"Who you are", None))
        self.login_label.setText(QCoreApplication.translate("SetupDialog", u"Login", None))
        self.login_edit.setPlaceholderText(QCoreApplication.translate("SetupDialog", u"the login your administrator gave you, e.g. sato", None))
    # retranslateUi

